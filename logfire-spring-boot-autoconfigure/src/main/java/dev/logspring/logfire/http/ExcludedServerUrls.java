package dev.logspring.logfire.http;

import java.util.List;
import java.util.regex.Pattern;

/**
 * URL patterns another feature keeps out of server tracing (the explorer's own dashboard, for
 * example), added as a bean to {@code logfire.http.server.excluded-urls}.
 */
public record ExcludedServerUrls(List<Pattern> patterns) {

}
