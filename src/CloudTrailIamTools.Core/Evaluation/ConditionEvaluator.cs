using System;
using System.Collections.Generic;
using System.Globalization;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Decides Condition blocks and supplies policy variables for one request: looks keys up in the supplied
    /// context, then in what AWS derives from the principal and resource, then the request time; notes every
    /// key that was read and missing.
    /// </summary>
    internal sealed class ConditionEvaluator : IPolicyVariableSource
    {
        private readonly PreparedRequest request;
        private readonly EvaluationOptions options;
        private ContextValue? currentTime;
        private ContextValue? epochTime;

        public ConditionEvaluator(PreparedRequest request, EvaluationOptions options)
        {
            this.request = request;
            this.options = options;
        }

        public List<string>? Missing { get; private set; }

        /// <summary>Variables that had no value and no default, so their condition or resource entry matched in neither polarity.</summary>
        public List<string>? Unresolved { get; private set; }

        /// <summary>Condition keys read by an ARN operator whose value was not an ARN.</summary>
        public List<string>? NotArns { get; private set; }

        public bool TryGetVariable(string key, out string value)
        {
            ContextValue? found = Lookup(key);
            if (found is not null && found.Values.Length == 1)
            {
                value = found.Values[0];
                return true;
            }

            value = string.Empty;
            return false;
        }

        /// <summary>Whether every variable in <paramref name="patterns"/> has a value or a default; notes those that do not.</summary>
        public bool VariablesResolve(PolicyPattern[] patterns)
        {
            bool all = true;
            foreach (PolicyPattern pattern in patterns)
            {
                if (pattern.HasVariables && !pattern.VariablesResolve(this))
                {
                    all = false;
                }
            }

            return all;
        }

        public void ReportMissing(string key)
        {
            AddOnce(Missing ??= new List<string>(2), key);
        }

        public void ReportUnresolved(string key)
        {
            ReportMissing(key);
            AddOnce(Unresolved ??= new List<string>(1), key);
        }

        private static void AddOnce(List<string> keys, string key)
        {
            foreach (string existing in keys)
            {
                if (string.Equals(existing, key, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }

            keys.Add(key);
        }

        public bool AllHold(PolicyCondition[] conditions)
        {
            bool holds = true;
            for (int i = 0; i < conditions.Length; i++)
            {
                PolicyCondition condition = conditions[i];
                if (holds)
                {
                    holds = ConditionHolds(condition);
                }
                else if (Lookup(condition.Key) is null)
                {
                    // Already false; still note keys the statement would need, for MissingContextKeys.
                    ReportMissing(condition.Key);
                }
            }

            return holds;
        }

        private bool ConditionHolds(PolicyCondition condition)
        {
            ContextValue? value = Lookup(condition.Key);
            if (value is null)
            {
                ReportMissing(condition.Key);
            }

            // A policy variable without a value (and without a default) leaves nothing to compare: the condition
            // fails whatever its polarity, so a negated operator cannot turn a Deny on, or an Allow, for everyone.
            if (condition.HasVariables && !VariablesResolve(condition.Patterns!))
            {
                return false;
            }

            if (condition.Kind == ConditionOperatorKind.Null)
            {
                bool absent = value is null || value.Values.Length == 0;
                foreach (string expected in condition.Values)
                {
                    bool wantsAbsent = expected.Equals("true", StringComparison.OrdinalIgnoreCase);
                    if (wantsAbsent == absent)
                    {
                        return true;
                    }
                }

                return false;
            }

            if (value is null || value.Values.Length == 0)
            {
                if (condition.IfExists)
                {
                    return true;
                }

                return condition.SetOperator switch
                {
                    ConditionSetOperator.ForAllValues => true,
                    ConditionSetOperator.ForAnyValue => false,
                    _ => condition.IsNegated,
                };
            }

            string[] values = value.Values;
            bool negated = condition.IsNegated;
            switch (condition.SetOperator)
            {
                case ConditionSetOperator.ForAllValues:
                    for (int i = 0; i < values.Length; i++)
                    {
                        if (AnyPolicyValueMatches(condition, value, i) == negated)
                        {
                            return false;
                        }
                    }

                    return true;
                case ConditionSetOperator.ForAnyValue:
                    for (int i = 0; i < values.Length; i++)
                    {
                        if (AnyPolicyValueMatches(condition, value, i) != negated)
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    // A positive operator needs one matching request value; a negated one needs none.
                    for (int i = 0; i < values.Length; i++)
                    {
                        if (AnyPolicyValueMatches(condition, value, i))
                        {
                            return !negated;
                        }
                    }

                    return negated;
            }
        }

        /// <summary>The positive form of the operator: does request value <paramref name="index"/> match any policy value?</summary>
        private bool AnyPolicyValueMatches(PolicyCondition condition, ContextValue value, int index)
        {
            string text = value.Values[index];
            switch (condition.Kind)
            {
                case ConditionOperatorKind.StringEquals:
                case ConditionOperatorKind.StringNotEquals:
                    foreach (PolicyPattern pattern in condition.Patterns!)
                    {
                        if (pattern.EqualsText(text, ignoreCase: false, this))
                        {
                            return true;
                        }
                    }

                    return false;
                case ConditionOperatorKind.StringEqualsIgnoreCase:
                case ConditionOperatorKind.StringNotEqualsIgnoreCase:
                    foreach (PolicyPattern pattern in condition.Patterns!)
                    {
                        if (pattern.EqualsText(text, ignoreCase: true, this))
                        {
                            return true;
                        }
                    }

                    return false;
                case ConditionOperatorKind.StringLike:
                case ConditionOperatorKind.StringNotLike:
                    foreach (PolicyPattern pattern in condition.Patterns!)
                    {
                        if (pattern.MatchGlob(text, ignoreCase: false, this))
                        {
                            return true;
                        }
                    }

                    return false;
                case ConditionOperatorKind.ArnEquals:
                case ConditionOperatorKind.ArnLike:
                case ConditionOperatorKind.ArnNotEquals:
                case ConditionOperatorKind.ArnNotLike:
                    // A value that is not an ARN never matches, so the negated forms hold for it.
                    if (!PolicyPattern.IsArn(text))
                    {
                        AddOnce(NotArns ??= new List<string>(1), condition.Key);
                        return false;
                    }

                    foreach (PolicyPattern pattern in condition.Patterns!)
                    {
                        if (pattern.MatchArnOperator(text, this))
                        {
                            return true;
                        }
                    }

                    return false;
                case ConditionOperatorKind.Bool:
                case ConditionOperatorKind.BinaryEquals:
                    StringComparison comparison = condition.Kind == ConditionOperatorKind.Bool ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                    foreach (string expected in condition.Values)
                    {
                        if (string.Equals(expected, text, comparison))
                        {
                            return true;
                        }
                    }

                    return false;
                case ConditionOperatorKind.IpAddress:
                case ConditionOperatorKind.NotIpAddress:
                    byte[]? address = value.Address(index);
                    if (address is null)
                    {
                        return false;
                    }

                    foreach (IpNetwork network in condition.Networks!)
                    {
                        if (network.Contains(address))
                        {
                            return true;
                        }
                    }

                    return false;
                case ConditionOperatorKind.NumericEquals:
                case ConditionOperatorKind.NumericNotEquals:
                case ConditionOperatorKind.NumericLessThan:
                case ConditionOperatorKind.NumericLessThanEquals:
                case ConditionOperatorKind.NumericGreaterThan:
                case ConditionOperatorKind.NumericGreaterThanEquals:
                    double number = value.Number(index);
                    if (double.IsNaN(number))
                    {
                        return false;
                    }

                    foreach (double expected in condition.Numbers!)
                    {
                        if (Compare(condition.Kind, number.CompareTo(expected)))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    DateTimeOffset? date = value.Date(index);
                    if (date is null)
                    {
                        return false;
                    }

                    foreach (DateTimeOffset expected in condition.Dates!)
                    {
                        if (Compare(condition.Kind, date.Value.CompareTo(expected)))
                        {
                            return true;
                        }
                    }

                    return false;
            }
        }

        private static bool Compare(ConditionOperatorKind kind, int order) => kind switch
        {
            ConditionOperatorKind.NumericEquals or ConditionOperatorKind.NumericNotEquals => order == 0,
            ConditionOperatorKind.DateEquals or ConditionOperatorKind.DateNotEquals => order == 0,
            ConditionOperatorKind.NumericLessThan or ConditionOperatorKind.DateLessThan => order < 0,
            ConditionOperatorKind.NumericLessThanEquals or ConditionOperatorKind.DateLessThanEquals => order <= 0,
            ConditionOperatorKind.NumericGreaterThan or ConditionOperatorKind.DateGreaterThan => order > 0,
            _ => order >= 0,
        };

        private ContextValue? Lookup(string key)
        {
            if (request.Context.Count > 0 && request.Context.TryGetValue(key, out ContextValue? value))
            {
                return value;
            }

            ContextValue? derived = request.Derived(key);
            if (derived is not null)
            {
                return ReferenceEquals(derived, ContextValue.Absent) ? null : derived;
            }

            // AWS always knows the time of a request; derive it only when a condition asks.
            if (string.Equals(key, "aws:CurrentTime", StringComparison.OrdinalIgnoreCase))
            {
                return currentTime ??= new ContextValue(new[] { Now().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) });
            }

            if (string.Equals(key, "aws:EpochTime", StringComparison.OrdinalIgnoreCase))
            {
                return epochTime ??= new ContextValue(new[] { Now().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) });
            }

            return null;
        }

        private DateTimeOffset Now() => options.Clock?.Invoke() ?? DateTimeOffset.UtcNow;
    }
}
