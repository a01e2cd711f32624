using System;
using System.IO;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.CatalogCompiler
{
    /// <summary>catalog.json.gz in, catalog.bin out: the same catalog, in the form that opens without parsing text.</summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: CloudTrailIamTools.CatalogCompiler <catalog.json.gz> <catalog.bin>");
                return 2;
            }

            try
            {
                IamCatalog catalog;
                using (FileStream json = File.OpenRead(args[0]))
                {
                    catalog = IamCatalog.Load(json);
                }

                byte[] binary = CatalogBinaryWriter.Write(catalog);
                File.WriteAllBytes(args[1], binary);
                Console.WriteLine(binary.Length + " bytes -> " + args[1]);
                return 0;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is CatalogUnavailableException)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }
        }
    }
}
