package io.tlsecho.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lists a command's options in {@code --help} under headings (listening, TLS, limits...), each option in the section
 * that names it, the rest last under "Other options"; options from mixins are placed like their own.
 */
final class OptionSections {

    private final Map<String, List<String>> sections = new LinkedHashMap<>();

    /** Adds a section headed {@code heading} listing {@code options} (by any of their names), in that order. */
    OptionSections section(String heading, String... options) {
        sections.put(heading, List.of(options));
        return this;
    }

    /** Makes {@code cl}'s help list its options in these sections. */
    void applyTo(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, this::render);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
    }

    private String render(Help help) {
        List<OptionSpec> left = new ArrayList<>(help.commandSpec().options());
        left.removeIf(OptionSpec::hidden);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<String>> section : sections.entrySet()) {
            List<OptionSpec> in = new ArrayList<>();
            for (String name : section.getValue()) {
                OptionSpec option = help.commandSpec().findOption(name);
                if (option != null && left.remove(option)) {
                    in.add(option);
                }
            }
            append(help, out, section.getKey(), in);
        }
        append(help, out, "Other options", left);
        return out.toString();
    }

    private static void append(Help help, StringBuilder out, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return;
        }
        Help.Layout layout = help.createDefaultLayout();
        Help.IParamLabelRenderer labels = help.createDefaultParamLabelRenderer();
        for (OptionSpec option : options) {
            layout.addOption(option, labels);
        }
        out.append("%n".formatted()).append(heading).append(":%n".formatted())
                .append(layout);
    }
}
