using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>
    /// Reads cmdlet metadata through CustomAttributeData: the PowerShell reference assembly here is a stub whose
    /// attribute getters return defaults, but constructor and named arguments are real metadata.
    /// </summary>
    internal static class ModuleMetadata
    {
        public static readonly Assembly ModuleAssembly = typeof(CloudTrailIamTools.Commands.ResolveCloudTrailAccessErrorCommand).Assembly;

        public static IReadOnlyList<Type> CmdletTypes { get; } = ModuleAssembly.GetTypes()
            .Where(type => type.CustomAttributes.Any(a => a.AttributeType == typeof(CmdletAttribute)))
            .OrderBy(type => type.Name)
            .ToArray();

        public static string RepoRoot { get; } = FindRepoRoot();

        public static CustomAttributeData CmdletAttribute(Type type) =>
            type.CustomAttributes.Single(a => a.AttributeType == typeof(CmdletAttribute));

        public static string Verb(Type type) => (string)CmdletAttribute(type).ConstructorArguments[0].Value!;

        public static string Noun(Type type) => (string)CmdletAttribute(type).ConstructorArguments[1].Value!;

        public static string CmdletName(Type type) => Verb(type) + "-" + Noun(type);

        public static T? Named<T>(CustomAttributeData attribute, string name) =>
            attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => (T?)a.TypedValue.Value).FirstOrDefault();

        public static IEnumerable<(PropertyInfo Property, CustomAttributeData Attribute)> Parameters(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .SelectMany(p => p.CustomAttributes.Where(a => a.AttributeType == typeof(ParameterAttribute)).Select(a => (p, a)));

        /// <summary>Every approved verb: the constants of PowerShell's Verbs* classes (real values even in the stub).</summary>
        public static ISet<string> ApprovedVerbs { get; } = new HashSet<string>(
            new[] { typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsDiagnostic), typeof(VerbsLifecycle), typeof(VerbsOther), typeof(VerbsSecurity) }
                .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
                .Where(f => f.IsLiteral)
                .Select(f => (string)f.GetRawConstantValue()!));

        public static IReadOnlyList<string> ManifestList(string key)
        {
            string manifest = File.ReadAllText(Path.Combine(RepoRoot, "CloudTrailIamTools.psd1"));
            Match match = Regex.Match(manifest, key + @"\s*=\s*@\(([^)]*)\)");
            Assert.True(match.Success, "The manifest has no " + key + " = @(...) entry.");
            return Regex.Matches(match.Groups[1].Value, "'([^']*)'").Select(m => m.Groups[1].Value).ToArray();
        }

        public static string? ManifestValue(string key)
        {
            string manifest = File.ReadAllText(Path.Combine(RepoRoot, "CloudTrailIamTools.psd1"));
            Match match = Regex.Match(manifest, @"(?m)^\s*" + key + @"\s*=\s*'([^']*)'");
            return match.Success ? match.Groups[1].Value : null;
        }

        private static string FindRepoRoot()
        {
            string? directory = AppContext.BaseDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "CloudTrailIamTools.sln")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            return directory ?? throw new InvalidOperationException("CloudTrailIamTools.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
