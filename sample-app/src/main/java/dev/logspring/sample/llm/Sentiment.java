package dev.logspring.sample.llm;

/**
 * The typed result of a sentiment analysis, parsed from the model's JSON answer.
 *
 * @param label positive, negative or neutral
 * @param confidence from 0 to 1
 */
public record Sentiment(String label, double confidence) {

}
