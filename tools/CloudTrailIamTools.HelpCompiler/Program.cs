using System;
using System.IO;

namespace CloudTrailIamTools.HelpCompiler
{
    internal static class Program
    {
        /// <summary>Usage: help-compiler MODULE.dll DOCS-DIRECTORY OUTPUT.xml [--strict]</summary>
        private static int Main(string[] args)
        {
            if (args.Length < 3)
            {
                Console.Error.WriteLine("usage: CloudTrailIamTools.HelpCompiler <module.dll> <docs directory> <output MAML file> [--strict]");
                return 2;
            }

            try
            {
                HelpCompilation compilation = HelpCompilation.Compile(args[0], args[1]);
                foreach (string problem in compilation.Problems)
                {
                    Console.Error.WriteLine("help: " + problem);
                }

                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[2]))!);
                compilation.ToMaml().Save(args[2]);
                Console.WriteLine("help: wrote " + compilation.Pairs.Count + " cmdlet(s) to " + args[2]);
                return compilation.Problems.Count > 0 && Array.IndexOf(args, "--strict") >= 0 ? 1 : 0;
            }
            catch (Exception failure) when (failure is IOException || failure is BadImageFormatException || failure is UnauthorizedAccessException)
            {
                Console.Error.WriteLine("help: " + failure.Message);
                return 1;
            }
        }
    }
}
