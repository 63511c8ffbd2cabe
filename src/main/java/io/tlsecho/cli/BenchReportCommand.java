package io.tlsecho.cli;

import io.tlsecho.bench.LogSource;
import io.tlsecho.bench.MalformedLogException;
import io.tlsecho.bench.MergedReport;
import io.tlsecho.log.Messages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tlsecho bench report}: merges the interval logs of several bench runs into one report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Merge the --hdr-log files of several bench runs (processes or machines started together) into one "
                + "report: requests added up, percentiles of the merged histogram (exact, not averaged), a row per log.",
            "Logs whose time ranges do not all overlap (runs one after another) are refused, exit 2, unless --sequential.",
            "A file that is not an HdrHistogram interval log: exit 24; a missing file: exit 3."})
final class BenchReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Interval logs written by 'tlsecho bench --hdr-log'.")
    List<Path> files;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report to FILE as one JSON object.")
    Path json;

    @Option(names = "--sequential", description = "The logs are of runs made one after another, not at once: report them "
            + "together, the rate over the time each ran rather than added up as concurrent load.")
    boolean sequential;

    @Override
    public Integer call() {
        List<LogSource> sources = new ArrayList<>();
        for (Path f : files) {
            try {
                sources.add(LogSource.read(f));
            } catch (NoSuchFileException e) {
                throw new UserException(ExitCode.FILE, "cannot read " + f + ": no such file", e);
            } catch (IOException e) {
                throw new UserException(ExitCode.FILE, "cannot read " + f + ": " + Messages.of(e), e);
            } catch (MalformedLogException e) {
                throw new UserException(ExitCode.MALFORMED_INPUT, e.getMessage(), e);
            }
        }
        MergedReport report = MergedReport.of(sources, sequential);
        if (!sequential && !report.concurrent()) {
            throw new UserException(ExitCode.USAGE, "the logs do not overlap in time (" + report.ranges()
                    + "): runs one after another are not one load; --sequential reports them as such");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.text());
        out.flush();
        if (json != null) {
            try {
                Files.writeString(json, report.json() + "\n");
            } catch (IOException e) {
                throw new UserException(ExitCode.FILE, "cannot write --json " + json + ": " + Messages.of(e), e);
            }
        }
        return ExitCode.OK;
    }
}
