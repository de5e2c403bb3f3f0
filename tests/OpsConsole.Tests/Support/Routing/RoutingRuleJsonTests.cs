using OpsConsole.Profiles;
using OpsConsole.Support;
using static OpsConsole.Tests.Support.Routing.RoutingFixtures;

namespace OpsConsole.Tests.Support.Routing;

public sealed class RoutingRuleJsonTests
{
    private const string Example = """
        {
          "rules": [
            {
              "name": "Refunds from big spenders",
              "conditions": [
                { "field": "intent", "operator": "is", "value": "refund_request" },
                { "field": "membership", "operator": "is", "value": ["active", "cancelling"] },
                { "field": "lifetimeSpend", "operator": "atLeast", "value": 5000 }
              ],
              "action": { "routeTo": "senior", "setPriority": "high" }
            },
            {
              "name": "Angry learners",
              "conditions": [ { "field": "sentiment", "operator": "atMost", "value": -0.6 } ],
              "action": { "setPriority": "urgent", "addTags": ["upset"] },
              "enabled": false
            }
          ]
        }
        """;

    private static RuleError SingleError(string json)
    {
        var (rules, errors) = RoutingRuleSet.Parse(json);
        Assert.Null(rules);
        return Assert.Single(errors);
    }

    private static string WithCondition(string condition) =>
        $$$"""{"rules":[{"name":"ok","conditions":[],"action":{"routeTo":"a"}},{"name":"r","conditions":[{{{condition}}}],"action":{"routeTo":"senior"}}]}""";

    [Fact]
    public void FromJson_Example_ReadsEveryPart()
    {
        var set = RoutingRuleSet.FromJson(Example);

        Assert.Equal(2, set.Rules.Count);
        var first = set.Rules[0];
        Assert.Equal("Refunds from big spenders", first.Name);
        Assert.Equal(RuleCondition.Is(RuleField.Intent, "refund_request"), first.Conditions[0]);
        Assert.Equal(RuleCondition.Is(RuleField.Membership, "active", "cancelling"), first.Conditions[1]);
        Assert.Equal(RuleCondition.AtLeast(RuleField.LifetimeSpend, 5000), first.Conditions[2]);
        Assert.Equal(("senior", TicketPriority.High), (first.Action.RouteTo, first.Action.SetPriority));
        Assert.True(first.Enabled);
        Assert.False(set.Rules[1].Enabled);
        Assert.Equal(-0.6m, set.Rules[1].Conditions[0].Value.Number);
        Assert.Equal(["upset"], set.Rules[1].Action.AddTags!);
    }

    [Fact]
    public void ToJson_ThenFromJson_GivesTheSameRules()
    {
        var set = RoutingRuleSet.FromJson(Example);

        var again = RoutingRuleSet.FromJson(set.ToJson());

        Assert.Equal(set.ToJson(), again.ToJson());
        Assert.Equal(set.Rules[0].Conditions, again.Rules[0].Conditions);
    }

    [Fact]
    public void ToJson_UsesCamelCaseNamesAndPlainValues()
    {
        var set = new RoutingRuleSet([Rule("r", new RuleAction(RouteTo: "senior"), RuleCondition.AtLeast(RuleField.LifetimeSpend, 5000),
            RuleCondition.Is(RuleField.Rfm, "cannotLoseThem"))]);

        var json = set.ToJson();

        Assert.Contains("\"field\": \"lifetimeSpend\"", json);
        Assert.Contains("\"operator\": \"atLeast\"", json);
        Assert.Contains("\"value\": 5000", json);
        Assert.Contains("\"value\": \"cannotLoseThem\"", json);
        Assert.DoesNotContain("setPriority", json);
    }

    [Fact]
    public void FromJson_RulesFromJson_RouteLikeRulesBuiltInCode()
    {
        var set = RoutingRuleSet.FromJson(Example);
        var ticket = Ticket(learner: Learner(MembershipState.Cancelling, spend: 6000));

        var decision = Router.Route(ticket, [Agent("s", tags: ["senior"]), Agent("j", capacity: 9)], set.Rules, Now);

        Assert.Equal(("s", TicketPriority.High), (decision.Assignment?.AgentId, decision.Priority));
    }

    [Fact]
    public void Parse_UnknownMembershipName_ErrorNamesTheValuePath()
    {
        var error = SingleError(WithCondition("""{"field":"membership","operator":"is","value":"gold"}"""));

        Assert.Equal("rules[1].conditions[0].value", error.Path);
        Assert.Contains("'gold' is not one of none, active, cancelling, expired", error.Message);
    }

    [Fact]
    public void Parse_BadNameInsideList_ErrorNamesTheListItem()
    {
        var error = SingleError(WithCondition("""{"field":"lifecycle","operator":"is","value":["active","sleepy"]}"""));

        Assert.Equal("rules[1].conditions[0].value[1]", error.Path);
        Assert.Contains("'sleepy'", error.Message);
    }

    [Fact]
    public void Parse_UnknownField_ErrorNamesFieldPathAndKnownFields()
    {
        var error = SingleError(WithCondition("""{"field":"spend","operator":"atLeast","value":1}"""));

        Assert.Equal("rules[1].conditions[0].field", error.Path);
        Assert.StartsWith("'spend' is not one of intent, language, priority", error.Message);
    }

    [Fact]
    public void Parse_UnknownOperator_ErrorNamesOperatorPath()
    {
        var error = SingleError(WithCondition("""{"field":"intent","operator":"contains","value":"x"}"""));

        Assert.Equal("rules[1].conditions[0].operator", error.Path);
        Assert.Equal("'contains' is not one of is, isNot, atLeast, atMost", error.Message);
    }

    [Fact]
    public void Parse_ComparisonOnTextField_ErrorNamesOperatorPath()
    {
        var error = SingleError(WithCondition("""{"field":"intent","operator":"atLeast","value":"x"}"""));

        Assert.Equal("rules[1].conditions[0].operator", error.Path);
        Assert.Equal("'atLeast' does not apply to intent (use is or isNot)", error.Message);
    }

    [Fact]
    public void Parse_IsOnNumberField_ErrorNamesOperatorPath()
    {
        var error = SingleError(WithCondition("""{"field":"lifetimeSpend","operator":"is","value":1}"""));

        Assert.Equal("rules[1].conditions[0].operator", error.Path);
        Assert.Contains("use atLeast or atMost", error.Message);
    }

    [Theory]
    [InlineData("""{"field":"sentiment","operator":"atMost","value":-1.5}""", "must be a number from -1 to 1")]
    [InlineData("""{"field":"sentiment","operator":"atLeast","value":"negative"}""", "must be a number from -1 to 1")]
    [InlineData("""{"field":"urgency","operator":"atLeast","value":0.8}""", "must be one of low, normal, high, urgent")]
    [InlineData("""{"field":"lifetimeSpend","operator":"atLeast","value":-5}""", "must be a number from 0 to")]
    [InlineData("""{"field":"intent","operator":"is","value":12}""", "must be a text or a list of texts")]
    [InlineData("""{"field":"intent","operator":"is","value":[]}""", "must be a text or a list of texts")]
    [InlineData("""{"field":"intent","operator":"is"}""", "must be a text or a list of texts")]
    [InlineData("""{"field":"language","operator":"is","value":"english!"}""", "is not a language tag")]
    [InlineData("""{"field":"priority","operator":"atLeast","value":["high","urgent"]}""", "not a list")]
    [InlineData("""{"field":"intent","operator":"is","value":{"x":1}}""", "must be a text, a list of texts or a number")]
    [InlineData("""{"field":"intent","operator":"is","value":true}""", "must be a text, a list of texts or a number")]
    public void Parse_ValueOfWrongKindOrRange_ErrorNamesTheValuePath(string condition, string message)
    {
        var error = SingleError(WithCondition(condition));

        Assert.Equal("rules[1].conditions[0].value", error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEachWithItsPath()
    {
        const string json = """
            {"rules":[
              {"name":"","conditions":[{"field":"rfm","operator":"is","value":"whales"}],"action":{}},
              {"name":"Dup","conditions":[],"action":{"routeTo":"senior team","addTags":["ok","bad tag"]}},
              {"name":"dup","conditions":[{"field":"tag","operator":"is","value":"-x"}],"action":{"setPriority":"low"}}
            ]}
            """;

        var (rules, errors) = RoutingRuleSet.Parse(json);

        Assert.Null(rules);
        Assert.Equal(
            [
                "rules[0].name", "rules[0].conditions[0].value", "rules[0].action",
                "rules[1].action.routeTo", "rules[1].action.addTags[1]",
                "rules[2].name", "rules[2].conditions[0].value",
            ],
            errors.Select(e => e.Path));
        Assert.Contains("already the name of rules[1]", errors[5].Message);
    }

    [Fact]
    public void Parse_MisspeltProperty_ErrorNamesIt()
    {
        var error = SingleError("""{"rules":[{"name":"r","conditons":[],"action":{"routeTo":"a"}}]}""");

        Assert.Equal("rules[0].conditons", error.Path);
        Assert.Equal("is not a known property", error.Message);
    }

    [Fact]
    public void Parse_MissingConditionsAndAction_ErrorsNameThem()
    {
        var (_, errors) = RoutingRuleSet.Parse("""{"rules":[{"name":"r"}]}""");

        Assert.Equal(["rules[0].conditions", "rules[0].action"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Parse_UnknownPriorityInAction_ErrorNamesSetPriority()
    {
        var error = SingleError("""{"rules":[{"name":"r","conditions":[],"action":{"setPriority":"asap"}}]}""");

        Assert.Equal("rules[0].action.setPriority", error.Path);
        Assert.Equal("'asap' is not one of low, normal, high, urgent", error.Message);
    }

    [Fact]
    public void Parse_NumericEnum_IsRefused()
    {
        var error = SingleError(WithCondition("""{"field":3,"operator":"is","value":"web"}"""));

        Assert.Equal("rules[1].conditions[0].field", error.Path);
        Assert.StartsWith("must be one of intent", error.Message);
    }

    [Fact]
    public void Parse_BrokenJson_ErrorGivesLineAndPosition()
    {
        var error = SingleError("{\"rules\": [\n  {\"name\": \"r\",, }\n]}");

        Assert.Matches(@"^is not valid JSON \(line 2, position \d+\)$", error.Message);
    }

    [Fact]
    public void Parse_RulesNotAList_ErrorNamesRules()
    {
        var error = SingleError("""{"rules":{"name":"r"}}""");

        Assert.Equal("rules", error.Path);
        Assert.Equal("must be a list", error.Message);
    }

    [Fact]
    public void Parse_EmptyRuleList_IsValid()
    {
        var (rules, errors) = RoutingRuleSet.Parse("""{"rules":[]}""");

        Assert.Empty(errors);
        Assert.Empty(rules!.Rules);
    }

    [Fact]
    public void FromJson_InvalidRules_ThrowsWithAllErrors()
    {
        var e = Assert.Throws<RoutingRuleException>(() => RoutingRuleSet.FromJson("""{"rules":[{"name":"","conditions":[],"action":{}}]}"""));

        Assert.Equal(2, e.Errors.Count);
        Assert.StartsWith("rules[0].name: is required", e.Message);
    }

    [Fact]
    public void Validate_TooManyRules_ErrorOnRules()
    {
        var rules = Enumerable.Range(0, RoutingRuleValidator.MaxRules + 1)
            .Select(i => Rule($"r{i}", new RuleAction(RouteTo: "a")))
            .ToList();

        var errors = RoutingRuleValidator.Validate(rules);

        Assert.Equal("rules", Assert.Single(errors).Path);
    }

    [Fact]
    public void Validate_RulesBuiltInCode_SamePathsAsJson()
    {
        var rules = new[]
        {
            Rule("ok", new RuleAction(RouteTo: "senior")),
            Rule("bad", new RuleAction(RouteTo: "senior"), RuleCondition.AtMost(RuleField.Channel, 3)),
        };

        var error = Assert.Single(RoutingRuleValidator.Validate(rules));

        Assert.Equal("rules[1].conditions[0].operator", error.Path);
    }
}
