package dev.logspring.sample.users;

/** A registered user. */
public record User(long id, String email, String name) {
}
