package dev.logspring.sample.users;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users in the embedded H2 database, through Spring's {@link JdbcClient}. */
@Repository
public class UserRepository {

	private final JdbcClient jdbc;

	public UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public boolean exists(String email) {
		return this.jdbc.sql("select count(*) from users where email = :email")
			.param("email", email)
			.query(Long.class)
			.single() > 0;
	}

	public User insert(String email, String name) {
		this.jdbc.sql("insert into users (email, name) values (:email, :name)")
			.param("email", email)
			.param("name", name)
			.update();
		return findByEmail(email).orElseThrow();
	}

	public Optional<User> findByEmail(String email) {
		return this.jdbc.sql("select id, email, name from users where email = :email")
			.param("email", email)
			.query(User.class)
			.optional();
	}

	public List<User> findAll() {
		return this.jdbc.sql("select id, email, name from users order by id").query(User.class).list();
	}

}
