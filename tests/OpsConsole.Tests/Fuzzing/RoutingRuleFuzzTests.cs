using System.Text;
using CsCheck;
using OpsConsole.Support;

namespace OpsConsole.Tests.Fuzzing;

/// <summary>The desk's routing rules as a manager uploads or edits them: JSON read and validated, every problem at a path.</summary>
public sealed class RoutingRuleFuzzTests
{
    private const string Valid = """
        {"rules":[
          {"name":"VIP refunds","conditions":[{"field":"intent","operator":"is","value":["refund","billing"]},{"field":"netSpend","operator":"atLeast","value":1000}],
           "action":{"routeTo":"senior","setPriority":"high","addTags":["vip"]}},
          {"name":"Chinese","conditions":[{"field":"language","operator":"is","value":"zh"}],"action":{"routeTo":"zh"},"enabled":false}
        ]}
        """;

    private static readonly Gen<string> Documents = Gen.Frequency(
        (4, Hostile.Mutated(Gen.Const(Valid)).Select(b => Encoding.UTF8.GetString(b))),
        (3, Gen.Select(Gen.OneOf("name", "field", "operator", "value", "routeTo", "setPriority", "addTags", "enabled", "conditions", "action", "extra"), Hostile.JsonValue)
            .Select((slot, value) => $$"""{"rules":[{"name":{{(slot == "name" ? value : "\"r\"")}},"conditions":{{(slot == "conditions" ? value :
                $$"""[{"field":{{(slot == "field" ? value : "\"intent\"")}},"operator":{{(slot == "operator" ? value : "\"is\"")}},"value":{{(slot == "value" ? value : "\"refund\"")}}}]""")}},"action":{{(slot == "action" ? value :
                $$"""{"routeTo":{{(slot == "routeTo" ? value : "\"senior\"")}},"setPriority":{{(slot == "setPriority" ? value : "null")}},"addTags":{{(slot == "addTags" ? value : "[]")}}}""")}},"enabled":{{(slot == "enabled" ? value : "true")}}{{(slot == "extra" ? ",\"extra\":" + value : "")}}}]}""")),
        (1, Hostile.JsonValue),
        (1, Hostile.DeepNesting),
        (1, Hostile.Text));

    [Fact]
    public void Parse_HostileRules_ReadsThemOrNamesEveryPartAtFault()
    {
        Fuzz.Run(Documents, json =>
        {
            var (rules, errors) = RoutingRuleSet.Parse(json);
            Assert.Equal(rules is null, errors.Count > 0);
            Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
            // Every error is about the document, a rule's part, or a top-level property that has no business there.
            Assert.All(errors, e => Assert.True(e.Path.Length == 0 || e.Path.StartsWith("rules", StringComparison.Ordinal)
                || e.Message == "is not a known property", e.ToString()));
            if (rules is not null)
            {
                var again = RoutingRuleSet.Parse(rules.ToJson());
                Assert.Empty(again.Errors);
                Assert.Equal(rules.ToJson(), again.Rules!.ToJson());
            }
        }, iterations: 4_000, stream: 51);
    }
}
