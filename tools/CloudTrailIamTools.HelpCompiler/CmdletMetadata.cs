using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CloudTrailIamTools.HelpCompiler
{
    /// <summary>A cmdlet as its attributes declare it, read through CustomAttributeData in a metadata-only context.</summary>
    internal sealed class CmdletMetadata
    {
        public const string AllParameterSets = "__AllParameterSets";

        public string Verb { get; init; } = string.Empty;

        public string Noun { get; init; } = string.Empty;

        public string Name => Verb + "-" + Noun;

        public string? DefaultParameterSet { get; init; }

        public bool SupportsShouldProcess { get; init; }

        public List<ParameterMetadata> Parameters { get; } = new List<ParameterMetadata>();

        public List<string> OutputTypes { get; } = new List<string>();

        /// <summary>The named parameter sets, default first; a single unnamed set when none is declared.</summary>
        public IReadOnlyList<string> ParameterSets
        {
            get
            {
                var sets = Parameters.SelectMany(p => p.Sets.Keys).Where(s => s != AllParameterSets).Distinct().ToList();
                if (sets.Count == 0)
                {
                    return new[] { AllParameterSets };
                }

                // The default set may be named by no parameter (only the parameters of all sets apply, as in
                // Get-CloudTrailAccessDenied's EventHistory); it is still a way to call the cmdlet, and the first one.
                if (DefaultParameterSet is not null)
                {
                    sets.Remove(DefaultParameterSet);
                    sets.Insert(0, DefaultParameterSet);
                }

                return sets;
            }
        }

        /// <summary>Reads every cmdlet class of the module assembly without loading it for execution.</summary>
        public static IReadOnlyList<CmdletMetadata> ReadModule(string moduleAssemblyPath)
        {
            string moduleDirectory = Path.GetDirectoryName(Path.GetFullPath(moduleAssemblyPath))!;
            var paths = new List<string>(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
            paths.AddRange(Directory.GetFiles(moduleDirectory, "*.dll"));
            using var context = new MetadataLoadContext(new PathAssemblyResolver(paths.Distinct(StringComparer.OrdinalIgnoreCase)), "netstandard");
            Assembly module = context.LoadFromAssemblyPath(Path.GetFullPath(moduleAssemblyPath));
            return module.GetTypes()
                .Select(Read)
                .Where(cmdlet => cmdlet is not null)
                .Select(cmdlet => cmdlet!)
                .OrderBy(cmdlet => cmdlet.Name, StringComparer.Ordinal)
                .ToList();
        }

        private static CmdletMetadata? Read(Type type)
        {
            CustomAttributeData? cmdlet = type.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");
            if (cmdlet is null)
            {
                return null;
            }

            var metadata = new CmdletMetadata
            {
                Verb = (string)cmdlet.ConstructorArguments[0].Value!,
                Noun = (string)cmdlet.ConstructorArguments[1].Value!,
                DefaultParameterSet = Named<string>(cmdlet, "DefaultParameterSetName"),
                SupportsShouldProcess = Named<bool>(cmdlet, "SupportsShouldProcess"),
            };

            foreach (CustomAttributeData output in type.CustomAttributes.Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute"))
            {
                foreach (CustomAttributeTypedArgument argument in (IEnumerable<CustomAttributeTypedArgument>)output.ConstructorArguments[0].Value!)
                {
                    metadata.OutputTypes.Add(((Type)argument.Value!).FullName!);
                }
            }

            foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var parameterAttributes = property.CustomAttributes.Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute").ToList();
                if (parameterAttributes.Count == 0)
                {
                    continue;
                }

                var parameter = new ParameterMetadata(property.Name, FriendlyTypeName(property.PropertyType))
                {
                    AcceptedValues = AcceptedValues(property),
                    IsSwitch = property.PropertyType.FullName == "System.Management.Automation.SwitchParameter",
                    SupportsWildcards = property.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Management.Automation.SupportsWildcardsAttribute"),
                };
                foreach (CustomAttributeData alias in property.CustomAttributes.Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute"))
                {
                    foreach (CustomAttributeTypedArgument value in (IEnumerable<CustomAttributeTypedArgument>)alias.ConstructorArguments[0].Value!)
                    {
                        parameter.Aliases.Add((string)value.Value!);
                    }
                }

                foreach (CustomAttributeData attribute in parameterAttributes)
                {
                    string set = Named<string>(attribute, "ParameterSetName") ?? AllParameterSets;
                    parameter.Sets[set] = new ParameterSetUsage(
                        Named<bool>(attribute, "Mandatory"),
                        Named<int?>(attribute, "Position"),
                        Named<bool>(attribute, "ValueFromPipeline"),
                        Named<bool>(attribute, "ValueFromPipelineByPropertyName"));
                }

                metadata.Parameters.Add(parameter);
            }

            return metadata;
        }

        /// <summary>The values a parameter accepts: its ValidateSet, or the names of its enum type (arrays and nullables unwrapped).</summary>
        private static IReadOnlyList<string> AcceptedValues(PropertyInfo property)
        {
            CustomAttributeData? validateSet = property.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.ValidateSetAttribute");
            if (validateSet is not null && validateSet.ConstructorArguments.Count > 0)
            {
                return ((IEnumerable<CustomAttributeTypedArgument>)validateSet.ConstructorArguments[0].Value!).Select(v => (string)v.Value!).ToList();
            }

            Type type = property.PropertyType;
            if (type.IsArray)
            {
                type = type.GetElementType()!;
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
            {
                type = type.GetGenericArguments()[0];
            }

            return type.IsEnum
                ? type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToList()
                : Array.Empty<string>();
        }

        private static T? Named<T>(CustomAttributeData attribute, string name)
        {
            foreach (CustomAttributeNamedArgument argument in attribute.NamedArguments)
            {
                if (argument.MemberName == name)
                {
                    return (T?)argument.TypedValue.Value;
                }
            }

            return default;
        }

        private static string FriendlyTypeName(Type type)
        {
            if (type.IsArray)
            {
                return FriendlyTypeName(type.GetElementType()!) + "[]";
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
            {
                return FriendlyTypeName(type.GetGenericArguments()[0]);
            }

            return type.FullName ?? type.Name;
        }
    }

    internal sealed class ParameterMetadata
    {
        public ParameterMetadata(string name, string typeName)
        {
            Name = name;
            TypeName = typeName;
        }

        public string Name { get; }

        public string TypeName { get; }

        public bool IsSwitch { get; init; }

        public bool SupportsWildcards { get; init; }

        /// <summary>Enum names or ValidateSet values; empty when any value of the type is accepted.</summary>
        public IReadOnlyList<string> AcceptedValues { get; init; } = Array.Empty<string>();

        public List<string> Aliases { get; } = new List<string>();

        public Dictionary<string, ParameterSetUsage> Sets { get; } = new Dictionary<string, ParameterSetUsage>(StringComparer.Ordinal);

        public ParameterSetUsage? UsageIn(string set) =>
            Sets.TryGetValue(set, out ParameterSetUsage? usage) ? usage : Sets.TryGetValue(CmdletMetadata.AllParameterSets, out usage) ? usage : null;
    }

    internal sealed class ParameterSetUsage
    {
        public ParameterSetUsage(bool mandatory, int? position, bool fromPipeline, bool fromPipelineByPropertyName)
        {
            Mandatory = mandatory;
            Position = position;
            FromPipeline = fromPipeline;
            FromPipelineByPropertyName = fromPipelineByPropertyName;
        }

        public bool Mandatory { get; }

        public int? Position { get; }

        public bool FromPipeline { get; }

        public bool FromPipelineByPropertyName { get; }

        public string PipelineText => (FromPipeline, FromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };

        public string PositionText => Position is int position && position >= 0 ? position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named";
    }
}
