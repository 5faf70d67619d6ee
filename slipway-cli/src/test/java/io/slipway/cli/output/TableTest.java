package io.slipway.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void padsColumnsToTheirWidestCellWithoutTrailingSpaces() {
        String text = new Table("ID", "NAME").addRow("1", "fraud-detection").addRow("12", null).render();

        assertThat(text).isEqualTo("""
                ID  NAME
                1   fraud-detection
                12""");
    }

    @Test
    void sectionIndentsTheTableUnderItsTitle() {
        assertThat(new Table("KEY", "VALUE").addRow("lr", "0.1").renderSection("Params")).isEqualTo("""
                Params
                  KEY  VALUE
                  lr   0.1""");
        assertThat(new Table("KEY").renderSection("Tags")).isEqualTo("Tags\n  (none)");
    }

    @Test
    void rowsMustFitTheColumns() {
        assertThatThrownBy(() -> new Table("A", "B").addRow("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
