package dev.logspring.sample.users;

/** The body of {@code POST /users}. */
public record NewUser(String email, String name) {
}
