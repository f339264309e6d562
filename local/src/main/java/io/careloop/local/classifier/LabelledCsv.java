package io.careloop.local.classifier;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled posts from a CSV with a header naming at least {@code text} and {@code label}
 * (the complaints data set's {@code tweet_id,text,label,domain}). Quoted fields may hold commas,
 * doubled quotes and line breaks.
 */
final class LabelledCsv {
    record Example(String text, boolean complaint) {
    }

    private LabelledCsv() {
    }

    static List<Example> read(Path file) throws IOException {
        List<List<String>> rows = rows(file);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty");
        }
        List<String> header = rows.get(0);
        int text = header.indexOf("text");
        int label = header.indexOf("label");
        if (text < 0 || label < 0) {
            throw new IllegalArgumentException(file + ": the header must name 'text' and 'label' columns, got " + header);
        }
        List<Example> examples = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.size() <= Math.max(text, label)) {
                continue; // a blank trailing line
            }
            String value = row.get(label).trim();
            if (!value.equals("0") && !value.equals("1")) {
                throw new IllegalArgumentException(file + " row " + (i + 1) + ": label must be 0 or 1, got '" + value + "'");
            }
            examples.add(new Example(row.get(text), value.equals("1")));
        }
        return examples;
    }

    /** Every row of the file, the header first. */
    static List<List<String>> rows(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader);
        }
    }

    /** RFC 4180: fields separated by commas, optionally quoted, quotes doubled inside quotes. */
    private static List<List<String>> parse(Reader in) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int c;
        while ((c = in.read()) != -1) {
            char ch = (char) c;
            if (quoted) {
                if (ch != '"') {
                    field.append(ch);
                    continue;
                }
                in.mark(1);
                if (in.read() == '"') {
                    field.append('"'); // a doubled quote
                } else {
                    quoted = false;
                    in.reset(); // the character after the closing quote is read as usual
                }
            } else if (ch == '"' && field.length() == 0) {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (ch != '\r') {
                field.append(ch);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
