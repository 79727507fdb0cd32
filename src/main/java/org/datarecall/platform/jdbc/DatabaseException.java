package org.datarecall.platform.jdbc;

import java.sql.SQLException;

/** A failed database call, unchecked so that services stay readable; the mapper answers it as a 500. */
public class DatabaseException extends RuntimeException {

    public DatabaseException(SQLException cause) {
        super(cause);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
