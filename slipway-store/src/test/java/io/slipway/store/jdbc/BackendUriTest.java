package io.slipway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BackendUriTest {
    @Test
    void parsesSqliteUrisTheSqlAlchemyWay() {
        assertThat(BackendUri.parse("sqlite:////var/lib/slipway.db").sqliteFile()).isEqualTo(Path.of("/var/lib/slipway.db"));
        assertThat(BackendUri.parse("sqlite:///rel.db").sqliteFile()).isEqualTo(Path.of("rel.db").toAbsolutePath());
    }

    @Test
    void parsesPostgresUrisWithCredentialsAndOptions() {
        BackendUri uri = BackendUri.parse("postgresql+psycopg2://me:p%40ss@db.example:6543/mlflow?sslmode=require");
        assertThat(uri.dialect()).isEqualTo(SqlDialect.POSTGRESQL);
        assertThat(uri.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/mlflow?sslmode=require");
        assertThat(uri.user()).isEqualTo("me");
        assertThat(uri.password()).isEqualTo("p@ss");
        assertThat(BackendUri.parse("postgres://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void rejectsUnsupportedOrIncompleteUrisWithoutLeakingPasswords() {
        assertThatThrownBy(() -> BackendUri.parse("mysql://u:secret@h/db"))
                .isInstanceOf(SlipwayException.class).hasMessageContaining("supported forms").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> BackendUri.parse("postgresql://u:secret@h")).hasMessageContaining("no database").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> BackendUri.parse("sqlite:///")).hasMessageContaining("no database file");
    }
}
