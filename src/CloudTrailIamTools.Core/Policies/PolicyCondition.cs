using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CloudTrailIamTools.Core.Policies
{
    /// <summary>The condition operators of the IAM policy language, without IfExists and set qualifiers.</summary>
    public enum ConditionOperatorKind
    {
        StringEquals,
        StringNotEquals,
        StringEqualsIgnoreCase,
        StringNotEqualsIgnoreCase,
        StringLike,
        StringNotLike,
        NumericEquals,
        NumericNotEquals,
        NumericLessThan,
        NumericLessThanEquals,
        NumericGreaterThan,
        NumericGreaterThanEquals,
        DateEquals,
        DateNotEquals,
        DateLessThan,
        DateLessThanEquals,
        DateGreaterThan,
        DateGreaterThanEquals,
        Bool,
        BinaryEquals,
        IpAddress,
        NotIpAddress,
        ArnEquals,
        ArnLike,
        ArnNotEquals,
        ArnNotLike,
        Null,
    }

    /// <summary>How a condition treats a multi-valued context key.</summary>
    public enum ConditionSetOperator
    {
        /// <summary>No qualifier: a positive operator needs one matching value, a negated one needs none.</summary>
        None,

        /// <summary>Every value in the request must match (true when the key is absent or empty).</summary>
        ForAllValues,

        /// <summary>At least one value in the request must match (false when the key is absent).</summary>
        ForAnyValue,
    }

    /// <summary>One key test inside a Condition block: operator, key and the values (OR-ed) to test against.</summary>
    public sealed class PolicyCondition
    {
        private static readonly Dictionary<string, ConditionOperatorKind> OperatorNames = BuildOperatorNames();

        internal PolicyCondition(
            string operatorText,
            ConditionOperatorKind kind,
            ConditionSetOperator setOperator,
            bool ifExists,
            string key,
            string[] values,
            bool allowVariables)
        {
            Operator = operatorText;
            Kind = kind;
            SetOperator = setOperator;
            IfExists = ifExists;
            Key = key;
            Values = values;
            IsNegated = kind is ConditionOperatorKind.StringNotEquals or ConditionOperatorKind.StringNotEqualsIgnoreCase
                or ConditionOperatorKind.StringNotLike or ConditionOperatorKind.NumericNotEquals
                or ConditionOperatorKind.DateNotEquals or ConditionOperatorKind.NotIpAddress
                or ConditionOperatorKind.ArnNotEquals or ConditionOperatorKind.ArnNotLike;

            switch (kind)
            {
                case ConditionOperatorKind.StringEquals:
                case ConditionOperatorKind.StringNotEquals:
                case ConditionOperatorKind.StringEqualsIgnoreCase:
                case ConditionOperatorKind.StringNotEqualsIgnoreCase:
                case ConditionOperatorKind.StringLike:
                case ConditionOperatorKind.StringNotLike:
                case ConditionOperatorKind.ArnEquals:
                case ConditionOperatorKind.ArnLike:
                case ConditionOperatorKind.ArnNotEquals:
                case ConditionOperatorKind.ArnNotLike:
                    Patterns = new PolicyPattern[values.Length];
                    for (int i = 0; i < values.Length; i++)
                    {
                        Patterns[i] = PolicyPattern.Compile(values[i], allowVariables, out string? error);
                        HasVariables |= Patterns[i].HasVariables;
                        if (error is not null)
                        {
                            CompileError = error;
                        }
                    }

                    break;
                case ConditionOperatorKind.NumericEquals:
                case ConditionOperatorKind.NumericNotEquals:
                case ConditionOperatorKind.NumericLessThan:
                case ConditionOperatorKind.NumericLessThanEquals:
                case ConditionOperatorKind.NumericGreaterThan:
                case ConditionOperatorKind.NumericGreaterThanEquals:
                    Numbers = new double[values.Length];
                    for (int i = 0; i < values.Length; i++)
                    {
                        if (!TryParseNumber(values[i], out Numbers[i]))
                        {
                            CompileError = "'" + values[i] + "' is not a number";
                        }
                    }

                    break;
                case ConditionOperatorKind.DateEquals:
                case ConditionOperatorKind.DateNotEquals:
                case ConditionOperatorKind.DateLessThan:
                case ConditionOperatorKind.DateLessThanEquals:
                case ConditionOperatorKind.DateGreaterThan:
                case ConditionOperatorKind.DateGreaterThanEquals:
                    Dates = new DateTimeOffset[values.Length];
                    for (int i = 0; i < values.Length; i++)
                    {
                        if (!TryParseDate(values[i], out Dates[i]))
                        {
                            CompileError = "'" + values[i] + "' is not a date (ISO 8601 or seconds since 1970)";
                        }
                    }

                    break;
                case ConditionOperatorKind.IpAddress:
                case ConditionOperatorKind.NotIpAddress:
                    Networks = new IpNetwork[values.Length];
                    for (int i = 0; i < values.Length; i++)
                    {
                        if (!IpNetwork.TryParse(values[i], out Networks[i]))
                        {
                            CompileError = "'" + values[i] + "' is not an IP address or CIDR block";
                        }
                    }

                    break;
                case ConditionOperatorKind.Bool:
                case ConditionOperatorKind.Null:
                    foreach (string value in values)
                    {
                        if (!value.Equals("true", StringComparison.OrdinalIgnoreCase) && !value.Equals("false", StringComparison.OrdinalIgnoreCase))
                        {
                            CompileError = "'" + value + "' is not true or false";
                        }
                    }

                    break;
            }
        }

        /// <summary>The operator as written, such as ForAnyValue:StringLikeIfExists.</summary>
        public string Operator { get; }

        public ConditionOperatorKind Kind { get; }

        public ConditionSetOperator SetOperator { get; }

        public bool IfExists { get; }

        /// <summary>The context key as written; matched case-insensitively.</summary>
        public string Key { get; }

        public IReadOnlyList<string> Values { get; }

        /// <summary>True for the Not operators, which hold when the key is absent.</summary>
        public bool IsNegated { get; }

        internal PolicyPattern[]? Patterns { get; }

        /// <summary>True when a value holds a policy variable, which must resolve before the condition can hold.</summary>
        internal bool HasVariables { get; }

        internal double[]? Numbers { get; }

        internal DateTimeOffset[]? Dates { get; }

        internal IpNetwork[]? Networks { get; }

        /// <summary>Set when a value does not suit the operator; the parser turns it into a PolicyFormatException.</summary>
        internal string? CompileError { get; }

        /// <summary>Splits ForAnyValue:StringLikeIfExists into its parts; false for an unknown operator.</summary>
        public static bool TryParseOperator(string text, out ConditionOperatorKind kind, out ConditionSetOperator setOperator, out bool ifExists)
        {
            setOperator = ConditionSetOperator.None;
            ifExists = false;
            string name = text;
            if (name.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase))
            {
                setOperator = ConditionSetOperator.ForAllValues;
                name = name.Substring("ForAllValues:".Length);
            }
            else if (name.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase))
            {
                setOperator = ConditionSetOperator.ForAnyValue;
                name = name.Substring("ForAnyValue:".Length);
            }

            if (OperatorNames.TryGetValue(name, out kind))
            {
                return true;
            }

            if (name.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase) &&
                OperatorNames.TryGetValue(name.Substring(0, name.Length - "IfExists".Length), out kind) &&
                kind != ConditionOperatorKind.Null)
            {
                ifExists = true;
                return true;
            }

            return false;
        }

        internal static bool TryParseNumber(string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);

        /// <summary>ISO 8601 (date, date-time, with offset or Z) or whole seconds since the Unix epoch.</summary>
        internal static bool TryParseDate(string text, out DateTimeOffset value)
        {
            string trimmed = text.Trim();
            if (trimmed.Length > 0 && trimmed.Length <= 12 && IsDigits(trimmed) &&
                long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) &&
                seconds <= 253402300799)
            {
                value = DateTimeOffset.FromUnixTimeSeconds(seconds);
                return true;
            }

            return DateTimeOffset.TryParse(
                trimmed,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
                out value);
        }

        private static bool IsDigits(string text)
        {
            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static Dictionary<string, ConditionOperatorKind> BuildOperatorNames()
        {
            var names = new Dictionary<string, ConditionOperatorKind>(StringComparer.OrdinalIgnoreCase);
            foreach (ConditionOperatorKind kind in (ConditionOperatorKind[])Enum.GetValues(typeof(ConditionOperatorKind)))
            {
                names[kind.ToString()] = kind;
            }

            return names;
        }
    }

    /// <summary>An IPv4 or IPv6 CIDR block; a bare address is a /32 or /128.</summary>
    internal readonly struct IpNetwork
    {
        private readonly byte[] address;
        private readonly int prefixLength;

        private IpNetwork(byte[] address, int prefixLength)
        {
            this.address = address;
            this.prefixLength = prefixLength;
        }

        public static bool TryParse(string text, out IpNetwork network)
        {
            network = default;
            string trimmed = text.Trim();
            int slash = trimmed.IndexOf('/');
            string addressText = slash < 0 ? trimmed : trimmed.Substring(0, slash);
            if (!IPAddress.TryParse(addressText, out IPAddress? parsed) || addressText.IndexOf('%') >= 0)
            {
                return false;
            }

            if (parsed.AddressFamily == AddressFamily.InterNetwork && addressText.Split('.').Length != 4)
            {
                return false; // IPAddress accepts "10" or "10.1"; IAM does not.
            }

            byte[] bytes = parsed.GetAddressBytes();
            int prefix = bytes.Length * 8;
            if (slash >= 0 &&
                (!int.TryParse(trimmed.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) ||
                 prefix > bytes.Length * 8))
            {
                return false;
            }

            network = new IpNetwork(bytes, prefix);
            return true;
        }

        public static byte[]? ParseAddress(string text)
        {
            byte[]? v4 = ParseDottedQuad(text);
            if (v4 is not null)
            {
                return v4;
            }

            string trimmed = text.Trim();
            if (!IPAddress.TryParse(trimmed, out IPAddress? parsed) || trimmed.IndexOf('/') >= 0)
            {
                return null;
            }

            if (parsed.AddressFamily == AddressFamily.InterNetwork && trimmed.Split('.').Length != 4)
            {
                return null;
            }

            return parsed.GetAddressBytes();
        }

        /// <summary>The common case, a.b.c.d, without IPAddress's allocations; null for anything else.</summary>
        private static byte[]? ParseDottedQuad(string text)
        {
            if (text.Length < 7 || text.Length > 15)
            {
                return null;
            }

            var bytes = new byte[4];
            int part = 0;
            int value = 0;
            int digits = 0;
            foreach (char c in text)
            {
                if (c >= '0' && c <= '9')
                {
                    value = (value * 10) + (c - '0');
                    if (++digits > 3 || value > 255)
                    {
                        return null;
                    }
                }
                else if (c == '.' && digits > 0 && part < 3)
                {
                    bytes[part++] = (byte)value;
                    value = 0;
                    digits = 0;
                }
                else
                {
                    return null;
                }
            }

            if (part != 3 || digits == 0)
            {
                return null;
            }

            bytes[3] = (byte)value;
            return bytes;
        }

        public bool Contains(byte[] candidate)
        {
            if (address is null || candidate.Length != address.Length)
            {
                return false;
            }

            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++)
            {
                if (candidate[i] != address[i])
                {
                    return false;
                }
            }

            int remainingBits = prefixLength % 8;
            if (remainingBits == 0)
            {
                return true;
            }

            int mask = 0xFF << (8 - remainingBits) & 0xFF;
            return (candidate[fullBytes] & mask) == (address[fullBytes] & mask);
        }
    }
}
