using System;

namespace CloudTrailIamTools.Cli
{
    internal static class Program
    {
        private static int Main(string[] args) =>
            CliApplication.Run(args, Console.In, Console.Out, Console.Error, Console.IsInputRedirected);
    }
}
