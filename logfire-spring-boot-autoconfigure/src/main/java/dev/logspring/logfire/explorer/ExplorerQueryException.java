package dev.logspring.logfire.explorer;

/**
 * A query the explorer refused or could not run: not a single SELECT, invalid SQL, too slow.
 * The message is meant for the person who typed the query.
 */
class ExplorerQueryException extends RuntimeException {

	ExplorerQueryException(String message) {
		super(message);
	}

}
