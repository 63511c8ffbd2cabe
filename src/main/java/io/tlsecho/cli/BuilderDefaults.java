package io.tlsecho.cli;

import io.tlsecho.config.Settings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives picocli each option's default from the library, so a default lives once, in its builder: option
 * {@code --foo-bar} reads the public no-argument accessor {@code fooBar()} of the first source that has one (records
 * built with their defaults), or the entry {@code "--foo-bar"} of a {@link Map} source, for an option whose name
 * does not follow its setting's. A command names its sources in a subclass with a no-argument constructor,
 * {@code @Command(defaultValueProvider = ...)}; {@code ${DEFAULT-VALUE}} in a description shows what it gives.
 * An absent value ({@code null}, an empty {@link Optional}) means no default.
 */
public class BuilderDefaults implements IDefaultValueProvider {

    private final List<Object> sources;

    protected BuilderDefaults(Object... sources) {
        this.sources = List.of(sources);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String name = option.longestName();
        String accessor = accessorName(name);
        for (Object source : sources) {
            if (source instanceof Map<?, ?> map) {
                if (map.containsKey(name)) {
                    return text(map.get(name));
                }
                continue;
            }
            Method method = accessor(source.getClass(), accessor);
            if (method != null) {
                try {
                    return text(method.invoke(source));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("default of " + name + " from " + source.getClass().getName(), e);
                }
            }
        }
        return null;
    }

    /** {@code --handshake-timeout} → {@code handshakeTimeout}. */
    static String accessorName(String option) {
        String bare = option.replaceFirst("^-+", "");
        StringBuilder out = new StringBuilder(bare.length());
        boolean upper = false;
        for (char c : bare.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** A value as the option takes it: durations as {@code 10s}, enum constants in lower case. */
    static String text(Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.map(BuilderDefaults::text).orElse(null);
        }
        if (value == null) {
            return null;
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return Settings.text(value);
    }

    private static Method accessor(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            boolean usable = !Modifier.isStatic(m.getModifiers()) && m.getReturnType() != void.class
                    && Modifier.isPublic(m.getDeclaringClass().getModifiers());
            return usable ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
