package dev.logspring.logfire.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.DatabaseDriver;

/**
 * The database a DataSource talks to: {@code db.system.name} (OpenTelemetry's well-known names)
 * and {@code db.namespace} (the catalog, else the schema).
 */
record DatabaseInfo(String system, @Nullable String namespace) {

	static final DatabaseInfo UNKNOWN = new DatabaseInfo("other_sql", null);

	static DatabaseInfo of(Connection connection) {
		try {
			DatabaseMetaData metaData = connection.getMetaData();
			DatabaseDriver driver = DatabaseDriver.fromJdbcUrl(metaData.getURL());
			if (driver == DatabaseDriver.UNKNOWN) {
				driver = DatabaseDriver.fromProductName(metaData.getDatabaseProductName());
			}
			String namespace = connection.getCatalog();
			if (namespace == null || namespace.isEmpty()) {
				namespace = connection.getSchema();
			}
			return new DatabaseInfo(systemName(driver), namespace);
		}
		catch (SQLException | RuntimeException | AbstractMethodError ex) {
			return UNKNOWN;
		}
	}

	static String systemName(DatabaseDriver driver) {
		return switch (driver) {
			case H2 -> "h2database";
			case HSQLDB -> "hsqldb";
			case DERBY -> "derby";
			case SQLITE -> "sqlite";
			case MYSQL -> "mysql";
			case MARIADB -> "mariadb";
			case ORACLE -> "oracle.db";
			case POSTGRESQL -> "postgresql";
			case REDSHIFT -> "aws.redshift";
			case HANA -> "sap.hana";
			case SQLSERVER, JTDS -> "microsoft.sql_server";
			case FIREBIRD -> "firebirdsql";
			case DB2, DB2_AS400 -> "ibm.db2";
			case TERADATA -> "teradata";
			case INFORMIX -> "ibm.informix";
			case CLICKHOUSE -> "clickhouse";
			default -> "other_sql";
		};
	}

}
