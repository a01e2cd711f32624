using System.IO;
using System.Linq;
using System.Xml.Linq;
using CloudTrailIamTools.HelpCompiler;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>Every cmdlet and parameter has help, and the MAML has the structure Get-Help reads.</summary>
    public sealed class HelpTests
    {
        private static readonly HelpCompilation Compilation = HelpCompilation.Compile(
            ModuleMetadata.ModuleAssembly.Location, Path.Combine(ModuleMetadata.RepoRoot, "docs"));

        private static readonly XNamespace Maml = MamlWriter.Maml;
        private static readonly XNamespace Command = MamlWriter.Command;
        private static readonly XNamespace Dev = MamlWriter.Dev;

        [Fact]
        public void EveryCmdletAndParameterIsDocumented()
        {
            Assert.Empty(Compilation.Problems);
            Assert.Equal(ModuleMetadata.CmdletTypes.Count, Compilation.Pairs.Count);
        }

        [Fact]
        public void TheMamlHasTheStructureGetHelpReads()
        {
            XDocument maml = Compilation.ToMaml();
            XElement root = maml.Root!;

            Assert.Equal(MamlWriter.Msh + "helpItems", root.Name);
            Assert.Equal("maml", (string?)root.Attribute("schema"));
            var commands = root.Elements(Command + "command").ToList();
            Assert.Equal(ModuleMetadata.CmdletTypes.Select(ModuleMetadata.CmdletName).OrderBy(n => n), commands.Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value).OrderBy(n => n));
            foreach (XElement command in commands)
            {
                XElement details = command.Element(Command + "details")!;
                Assert.NotEmpty(details.Element(Command + "verb")!.Value);
                Assert.NotEmpty(details.Element(Command + "noun")!.Value);
                Assert.NotEmpty(details.Element(Maml + "description")!.Elements(Maml + "para"));
                Assert.NotEmpty(command.Element(Maml + "description")!.Elements(Maml + "para"));
                Assert.NotEmpty(command.Element(Command + "syntax")!.Elements(Command + "syntaxItem"));
                foreach (XElement parameter in command.Element(Command + "parameters")!.Elements(Command + "parameter"))
                {
                    Assert.NotEmpty(parameter.Element(Maml + "name")!.Value);
                    Assert.NotEmpty(parameter.Element(Maml + "description")!.Elements(Maml + "para"));
                    Assert.NotNull(parameter.Attribute("pipelineInput"));
                    Assert.NotNull(parameter.Element(Dev + "type"));
                }

                var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
                Assert.True(examples.Count >= 2);
                Assert.All(examples, e => Assert.NotEmpty(e.Element(Dev + "code")!.Value));
                Assert.NotEmpty(command.Element(Command + "inputTypes")!.Elements());
                Assert.NotEmpty(command.Element(Command + "returnValues")!.Elements());
                Assert.NotEmpty(command.Element(Command + "relatedLinks")!.Elements());
            }
        }

        [Fact]
        public void TheBuildShipsTheMaml()
        {
            string shipped = Path.Combine(ModuleMetadata.RepoRoot, "out", "CloudTrailIamTools", "en-US", "CloudTrailIamTools.dll-Help.xml");

            Assert.True(File.Exists(shipped));
            Assert.Equal(MamlWriter.Msh + "helpItems", XDocument.Load(shipped).Root!.Name);
        }

        [Fact]
        public void ParameterMetadataComesFromTheCmdlets()
        {
            var resolve = Compilation.Pairs.Single(p => p.Cmdlet.Name == "Resolve-CloudTrailAccessError").Cmdlet;
            var message = resolve.Parameters.Single(p => p.Name == "Message");

            Assert.Equal("System.String[]", message.TypeName);
            Assert.Equal("0", message.UsageIn("Message")!.PositionText);
            Assert.Equal("True (ByValue)", message.UsageIn("Message")!.PipelineText);
            Assert.Contains("PSPath", resolve.Parameters.Single(p => p.Name == "LiteralPath").Aliases);
        }
    }
}
