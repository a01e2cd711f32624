using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>One IAM action as the service authorization reference lists it.</summary>
    public sealed class ActionInfo
    {
        public ActionInfo(
            string service,
            string name,
            string accessLevel,
            IReadOnlyList<ActionResourceType> resourceTypes,
            IReadOnlyList<string> conditionKeys)
        {
            Service = service;
            Name = name;
            FullName = service + ":" + name;
            AccessLevel = accessLevel;
            ResourceTypes = resourceTypes;
            ConditionKeys = conditionKeys;
        }

        /// <summary>The service prefix, e.g. <c>cloudtrail</c>.</summary>
        public string Service { get; }

        /// <summary>The action name in AWS's casing, e.g. <c>GetTrailStatus</c>.</summary>
        public string Name { get; }

        /// <summary><c>service:Name</c>, the canonical spelling to put in a policy.</summary>
        public string FullName { get; }

        /// <summary>List, Read, Write, Permissions management or Tagging.</summary>
        public string AccessLevel { get; }

        /// <summary>The resource types the action can be scoped to; empty when it only supports <c>*</c>.</summary>
        public IReadOnlyList<ActionResourceType> ResourceTypes { get; }

        /// <summary>Condition keys the action supports regardless of resource type.</summary>
        public IReadOnlyList<string> ConditionKeys { get; }

        public override string ToString() => FullName;
    }

    /// <summary>A resource type as one action uses it.</summary>
    public sealed class ActionResourceType
    {
        public ActionResourceType(string name, bool required, IReadOnlyList<string> arnFormats, IReadOnlyList<string> conditionKeys)
        {
            Name = name;
            Required = required;
            ArnFormats = arnFormats;
            ConditionKeys = conditionKeys;
        }

        public string Name { get; }

        /// <summary>True when the action must be granted on this resource type (AWS marks it with an asterisk).</summary>
        public bool Required { get; }

        /// <summary>ARN templates with <c>${Partition}</c>, <c>${Region}</c>, <c>${Account}</c> and name placeholders.</summary>
        public IReadOnlyList<string> ArnFormats { get; }

        /// <summary>Condition keys that apply when the action is used on this resource type.</summary>
        public IReadOnlyList<string> ConditionKeys { get; }

        public override string ToString() => Name;
    }

    /// <summary>A resource type a service defines, independent of any action.</summary>
    public sealed class ResourceTypeInfo
    {
        public ResourceTypeInfo(string service, string name, IReadOnlyList<string> arnFormats, IReadOnlyList<string> conditionKeys)
        {
            Service = service;
            Name = name;
            ArnFormats = arnFormats;
            ConditionKeys = conditionKeys;
        }

        public string Service { get; }

        public string Name { get; }

        public IReadOnlyList<string> ArnFormats { get; }

        /// <summary>Condition keys the resource type supports (typically <c>aws:ResourceTag/${TagKey}</c>).</summary>
        public IReadOnlyList<string> ConditionKeys { get; }

        public override string ToString() => Service + ":" + Name;
    }

    /// <summary>A condition key a service defines, with its value type (String, ArrayOfString, Bool, ...).</summary>
    public sealed class ConditionKeyInfo
    {
        public ConditionKeyInfo(string name, string? type)
        {
            Name = name;
            Type = type;
        }

        public string Name { get; }

        public string? Type { get; }

        public override string ToString() => Name;
    }
}
