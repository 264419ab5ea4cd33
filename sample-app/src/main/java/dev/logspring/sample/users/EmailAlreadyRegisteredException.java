package dev.logspring.sample.users;

/** Thrown when a sign-up uses an e-mail that is taken; answered with a 400. */
public class EmailAlreadyRegisteredException extends RuntimeException {

	public EmailAlreadyRegisteredException(String email) {
		super("e-mail " + email + " is already registered");
	}

}
