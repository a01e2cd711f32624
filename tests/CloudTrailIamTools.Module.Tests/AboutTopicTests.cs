using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>about_ topics: plain UTF-8 text wrapped at 80 columns, listed in README, reachable from the overview.</summary>
    public sealed class AboutTopicTests
    {
        private const string Overview = "about_CloudTrailIamTools";

        public static IEnumerable<object[]> Topics() =>
            Directory.GetFiles(Path.Combine(ModuleMetadata.RepoRoot, "en-US"), "about_*.help.txt")
                .Select(path => new object[] { Path.GetFileName(path) });

        private static string TopicName(string file) => file.Substring(0, file.Length - ".help.txt".Length);

        [Fact]
        public void TheRequiredTopicsExist()
        {
            var names = Topics().Select(t => TopicName((string)t[0])).ToList();
            Assert.Contains(Overview, names);
            Assert.Contains("about_CloudTrailIamTools_NotAuthorized", names);
        }

        [Theory]
        [MemberData(nameof(Topics))]
        public void IsPlainUtf8WrappedAt80Columns(string file)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(ModuleMetadata.RepoRoot, "en-US", file));
            string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            string[] lines = text.Replace("\r\n", "\n").Split('\n');

            Assert.StartsWith("TOPIC", text.TrimStart('\uFEFF'));
            Assert.All(lines.Select((line, index) => (line, index)), l => Assert.True(l.line.Length <= 80, file + " line " + (l.index + 1) + " has " + l.line.Length + " columns"));
            Assert.DoesNotContain('\t', text);
            Assert.Contains("    " + TopicName(file), text);
        }

        [Theory]
        [MemberData(nameof(Topics))]
        public void HasExamplesUsingTheModulesCmdlets(string file)
        {
            string text = File.ReadAllText(Path.Combine(ModuleMetadata.RepoRoot, "en-US", file));
            int examples = text.IndexOf("\nEXAMPLES", System.StringComparison.Ordinal);

            Assert.True(examples > 0, file + " has no EXAMPLES section");
            string exampleText = text.Substring(examples);
            Assert.Contains(ModuleMetadata.CmdletTypes.Select(ModuleMetadata.CmdletName), name => exampleText.Contains(name));
        }

        [Theory]
        [MemberData(nameof(Topics))]
        public void IsListedInReadmeAndReachableFromTheOverview(string file)
        {
            string topic = TopicName(file);
            string readme = File.ReadAllText(Path.Combine(ModuleMetadata.RepoRoot, "README.md"));
            string overview = File.ReadAllText(Path.Combine(ModuleMetadata.RepoRoot, "en-US", Overview + ".help.txt"));

            Assert.Contains("`" + topic + "`", readme);
            Assert.Contains(topic, overview);
        }
    }
}
