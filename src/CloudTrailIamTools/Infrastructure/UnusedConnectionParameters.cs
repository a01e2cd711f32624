using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>
    /// The one way every cmdlet says that connection parameters were given where it never calls AWS (an offline
    /// parameter set, Resolve without -Decode): a warning per parameter, the same words everywhere, and the command
    /// goes on. Never an error: scripts often splat one set of connection parameters into every command.
    /// </summary>
    internal static class UnusedConnectionParameters
    {
        // Every [Parameter] AwsCmdlet declares, so a connection parameter added there is covered here too.
        private static readonly string[] Names = typeof(AwsCmdlet)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.GetCustomAttributes(typeof(ParameterAttribute), inherit: false).Length > 0)
            .Select(p => p.Name)
            .ToArray();

        /// <summary>The bound connection parameters, in declaration order.</summary>
        public static IEnumerable<string> Bound(PSCmdlet cmdlet) => Names.Where(cmdlet.MyInvocation.BoundParameters.ContainsKey);

        /// <summary>Warns once per bound connection parameter; <paramref name="awsIsCalledWhen"/> says when the command does call AWS.</summary>
        public static void Warn(PSCmdlet cmdlet, string awsIsCalledWhen)
        {
            foreach (string name in Bound(cmdlet))
            {
                cmdlet.WriteWarning("-" + name + " is ignored: " + cmdlet.MyInvocation.MyCommand.Name + " calls AWS only " + awsIsCalledWhen + ".");
            }
        }
    }
}
