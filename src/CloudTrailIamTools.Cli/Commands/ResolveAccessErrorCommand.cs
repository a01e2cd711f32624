using System.CommandLine;

namespace CloudTrailIamTools.Cli.Commands
{
    internal static class ResolveAccessErrorCommand
    {
        public static Command Create(CliConsole console)
        {
            var command = new Command("resolve-access-error", "Explain an access-denied error and how to fix it.");
            command.SetAction(_ => CliApplication.ExitSuccess);
            return command;
        }
    }
}
