package io.tlsecho.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * One run's HdrHistogram interval log, read strictly: every line is a comment, the legend, or an
 * interval ({@code [Tag=NAME,]start,length,max,histogram}); anything else makes the file malformed.
 *
 * @param file where it was read from
 * @param tags the intervals' tags (the host names of the runs), in name order
 * @param intervals how many intervals
 * @param histogram every interval added together
 * @param startMillis the first interval's start, milliseconds since the epoch
 * @param endMillis the last interval's end, milliseconds since the epoch
 */
public record LogSource(Path file, Set<String> tags, int intervals, Histogram histogram, long startMillis,
                        long endMillis) {

    private static final Pattern VERSION = Pattern.compile("^#\\[Histogram log format version ([0-9.]+)\\]");
    private static final Pattern START = Pattern.compile("^#\\[StartTime: ([0-9.]+) ");
    private static final Pattern BASE = Pattern.compile("^#\\[BaseTime: ([0-9.]+) ");
    /** Relative timestamps are below this; absolute ones (seconds since 1970) above. */
    private static final double ABSOLUTE = 365.0 * 24 * 3600;

    /** Reads {@code file}; fails on a file that cannot be read, or that is not an interval log. */
    public static LogSource read(Path file) throws IOException, MalformedLogException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new MalformedLogException(file, 0, "not an HdrHistogram interval log (not ASCII text)", e);
        }
        boolean version = false;
        double startTime = -1;
        double baseTime = -1;
        Set<String> tags = new TreeSet<>();
        Histogram all = new Histogram(3);
        int intervals = 0;
        double first = Double.MAX_VALUE;
        double last = -Double.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int n = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher m;
                if (VERSION.matcher(line).find()) {
                    version = true;
                } else if ((m = START.matcher(line)).find()) {
                    startTime = Double.parseDouble(m.group(1));
                } else if ((m = BASE.matcher(line)).find()) {
                    baseTime = Double.parseDouble(m.group(1));
                }
                continue;
            }
            if (line.startsWith("\"StartTimestamp\"")) {
                continue;
            }
            if (!version) {
                throw new MalformedLogException(file, n,
                        "not an HdrHistogram interval log (no \"#[Histogram log format version ...]\" line before the intervals)");
            }
            String[] f = line.split(",");
            int at = 0;
            if (f.length > 0 && f[0].startsWith("Tag=")) {
                tags.add(f[0].substring(4));
                at = 1;
            }
            if (f.length - at != 4) {
                throw new MalformedLogException(file, n, "not an interval (expected: [Tag=NAME,]start,length,max,histogram)");
            }
            double start;
            double length;
            Histogram h;
            try {
                start = Double.parseDouble(f[at]);
                length = Double.parseDouble(f[at + 1]);
                Double.parseDouble(f[at + 2]);
                h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(f[at + 3])), 0);
            } catch (RuntimeException | java.util.zip.DataFormatException e) {
                throw new MalformedLogException(file, n, "not an interval (" + e.getMessage() + ")", e);
            }
            if (length < 0) {
                throw new MalformedLogException(file, n, "interval length " + length + " (expected: >= 0)");
            }
            all.add(h);
            intervals++;
            first = Math.min(first, start);
            last = Math.max(last, start + length);
        }
        if (!version) {
            throw new MalformedLogException(file, 0, "not an HdrHistogram interval log (no \"#[Histogram log format version ...]\" line)");
        }
        if (intervals == 0) {
            throw new MalformedLogException(file, 0, "no intervals");
        }
        double base = baseTime >= 0 ? baseTime : first < ABSOLUTE && startTime >= 0 ? startTime : 0;
        return new LogSource(file, tags, intervals, all, Math.round((base + first) * 1000),
                Math.round((base + last) * 1000));
    }

    /** Requests logged: the merged histogram's count. */
    public long requests() {
        return histogram.getTotalCount();
    }

    /** Requests per second over the log's span. */
    public double rps() {
        return requests() / (Math.max(endMillis - startMillis, 1) / 1e3);
    }
}
