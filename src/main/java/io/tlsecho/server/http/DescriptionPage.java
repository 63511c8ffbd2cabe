package io.tlsecho.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The description as a self-contained HTML page (no script, no external resource; its one style
 * sheet allowed by hash in a strict Content-Security-Policy) and as plain text.
 */
public final class DescriptionPage {

    private static final String STYLE = "body{font:15px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
            + "h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.5em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;"
            + "vertical-align:top}th{background:#f4f4f4;font-weight:600}code{font:13px monospace;"
            + "word-break:break-all}.pq{color:#070;font-weight:600}";

    /** The page's Content-Security-Policy: nothing but its own inline style sheet. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'sha256-" + sha256(STYLE)
            + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private DescriptionPage() {
    }

    /** The page for {@code description} (as {@link Description#of} makes it). */
    public static String html(Map<String, Object> description, String headline) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\"><title>tlsecho: your connection</title>")
                .append("<style>").append(STYLE).append("</style></head><body>\n<h1>")
                .append(escape(headline)).append("</h1>\n");
        for (Map.Entry<String, Object> section : description.entrySet()) {
            sb.append("<h2>").append(escape(section.getKey())).append("</h2>\n");
            cell(sb, section.getValue());
            sb.append('\n');
        }
        return sb.append("</body></html>\n").toString();
    }

    /** One line a field, {@code section.field: value}, lists joined by {@code ", "}, absent values as {@code none}. */
    public static String text(Map<String, Object> description) {
        StringBuilder sb = new StringBuilder(4096);
        lines(sb, "", description);
        return sb.toString();
    }

    private static void lines(StringBuilder sb, String prefix, Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner) {
                lines(sb, key + ".", inner);
            } else {
                sb.append(key).append(": ").append(plain(e.getValue())).append('\n');
            }
        }
    }

    private static String plain(Object v) {
        if (v == null) {
            return "none";
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object o : list) {
                sb.append(sb.length() == 0 ? "" : ", ").append(o instanceof List<?> pair
                        ? String.join(": ", pair.stream().map(String::valueOf).toList()) : plain(o));
            }
            return sb.toString();
        }
        return v.toString();
    }

    private static void cell(StringBuilder sb, Object v) {
        if (v instanceof Map<?, ?> map) {
            sb.append("<table>");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append("<tr><th>").append(escape(String.valueOf(e.getKey()))).append("</th><td>");
                cell(sb, e.getValue());
                sb.append("</td></tr>");
            }
            sb.append("</table>");
        } else if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof List<?>) {
            sb.append("<table>");
            for (Object row : list) {
                sb.append("<tr>");
                for (Object c : (List<?>) row) {
                    sb.append("<td><code>").append(escape(String.valueOf(c))).append("</code></td>");
                }
                sb.append("</tr>");
            }
            sb.append("</table>");
        } else {
            sb.append("<code>").append(escape(plain(v))).append("</code>");
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
