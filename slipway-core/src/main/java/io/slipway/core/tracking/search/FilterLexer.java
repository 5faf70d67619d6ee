package io.slipway.core.tracking.search;

import io.slipway.core.SlipwayException;
import java.util.ArrayList;
import java.util.List;

/** Splits an MLflow filter or order-by string into tokens. */
final class FilterLexer {
    enum Kind {
        IDENT,          // bare word, may contain dots: metrics.acc, AND, LIKE
        BACKTICK,       // `quoted identifier`
        DOUBLE_QUOTED,  // "either a quoted identifier or a string, by position"
        SINGLE_QUOTED,  // 'string'
        NUMBER,
        OPERATOR,       // = != <> < <= > >=
        LPAREN,
        RPAREN,
        COMMA,
        END
    }

    record Token(Kind kind, String text, int position) {
        boolean isWord(String word) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(word);
        }

        boolean isQuoted() {
            return kind == Kind.BACKTICK || kind == Kind.DOUBLE_QUOTED || kind == Kind.SINGLE_QUOTED;
        }
    }

    private final String input;
    private int pos;

    private FilterLexer(String input) {
        this.input = input;
    }

    static List<Token> tokenize(String input) {
        return new FilterLexer(input).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (pos >= input.length()) {
                tokens.add(new Token(Kind.END, "", pos));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = pos;
        char c = input.charAt(pos);
        switch (c) {
            case '(':
                pos++;
                return new Token(Kind.LPAREN, "(", start);
            case ')':
                pos++;
                return new Token(Kind.RPAREN, ")", start);
            case ',':
                pos++;
                return new Token(Kind.COMMA, ",", start);
            case '`':
                return new Token(Kind.BACKTICK, quoted('`'), start);
            case '"':
                return new Token(Kind.DOUBLE_QUOTED, quoted('"'), start);
            case '\'':
                return new Token(Kind.SINGLE_QUOTED, quoted('\''), start);
            case '=':
                pos++;
                return new Token(Kind.OPERATOR, "=", start);
            case '!':
            case '<':
            case '>':
                return operator(start);
            default:
                break;
        }
        if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && startsNumber(pos + 1))) {
            return number(start);
        }
        if (isWordChar(c)) {
            while (pos < input.length() && isWordChar(input.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.IDENT, input.substring(start, pos), start);
        }
        throw SlipwayException.invalidParameter(
                "Invalid filter string '%s': unexpected character '%s' at position %d.", input, c, start);
    }

    private boolean startsNumber(int at) {
        return at < input.length() && (Character.isDigit(input.charAt(at)) || input.charAt(at) == '.');
    }

    private Token operator(int start) {
        char c = input.charAt(pos++);
        if (pos < input.length() && input.charAt(pos) == '=') {
            pos++;
            return new Token(Kind.OPERATOR, c + "=", start);
        }
        if (c == '<' && pos < input.length() && input.charAt(pos) == '>') {
            pos++;
            return new Token(Kind.OPERATOR, "<>", start);
        }
        if (c == '!') {
            throw SlipwayException.invalidParameter("Invalid filter string '%s': '!' must be followed by '=' (position %d).", input, start);
        }
        return new Token(Kind.OPERATOR, String.valueOf(c), start);
    }

    private Token number(int start) {
        if (input.charAt(pos) == '-' || input.charAt(pos) == '+') {
            pos++;
        }
        while (pos < input.length() && (Character.isLetterOrDigit(input.charAt(pos)) || input.charAt(pos) == '.'
                || ((input.charAt(pos) == '-' || input.charAt(pos) == '+')
                        && (input.charAt(pos - 1) == 'e' || input.charAt(pos - 1) == 'E')))) {
            pos++;
        }
        return new Token(Kind.NUMBER, input.substring(start, pos), start);
    }

    /** A quoted run; a doubled quote character stands for itself, as in SQL. */
    private String quoted(char quote) {
        int start = pos;
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < input.length()) {
            char c = input.charAt(pos++);
            if (c == quote) {
                if (pos < input.length() && input.charAt(pos) == quote) {
                    value.append(quote);
                    pos++;
                    continue;
                }
                return value.toString();
            }
            if (c == '\\' && pos < input.length() && (input.charAt(pos) == quote || input.charAt(pos) == '\\')) {
                c = input.charAt(pos++);
            }
            value.append(c);
        }
        throw SlipwayException.invalidParameter(
                "Invalid filter string '%s': the quote opened at position %d is never closed.", input, start);
    }

    private void skipWhitespace() {
        while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }
}
