package io.slipway.cli.data;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway data ...}: datasets, versioned on the server. */
@Command(name = "data", description = "Version datasets: add, list, show, diff and download them.",
        subcommands = {DatasetCommands.Add.class, DatasetCommands.Ls.class, DatasetCommands.Show.class, DatasetCommands.Diff.class,
                DatasetCommands.Get.class})
public final class DataCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Without a subcommand, the group prints its usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
