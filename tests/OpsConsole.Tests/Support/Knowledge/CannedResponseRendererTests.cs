using OpsConsole.Support;

namespace OpsConsole.Tests.Support.Knowledge;

public sealed class CannedResponseRendererTests
{
    private static readonly TemplateValues Everything = new("Li Wei", "Docker in Practice", "ORD-1042", "Chen Jie");

    [Fact]
    public void Render_AllValuesKnown_FillsEverySlotAndReportsNothingMissing()
    {
        var rendered = CannedResponseRenderer.Render("Hi {{learner.name}}, order {{order.id}} for \"{{course.title}}\" is refunded. {{agent.name}}", Everything);

        Assert.Equal("Hi Li Wei, order ORD-1042 for \"Docker in Practice\" is refunded. Chen Jie", rendered.Text);
        Assert.True(rendered.IsComplete);
    }

    [Fact]
    public void Render_SpacesAndCapitalsInsideBraces_StillFill()
    {
        var rendered = CannedResponseRenderer.Render("{{ Learner.Name }}您好", Everything);

        Assert.Equal("Li Wei您好", rendered.Text);
    }

    [Fact]
    public void Render_MissingValue_KeepsTheVisiblePlaceholderAndListsIt()
    {
        var rendered = CannedResponseRenderer.Render("Hi {{learner.name}}, order {{order.id}} ({{ order.id }}).", new TemplateValues(LearnerName: "Li Wei", OrderId: "  "));

        Assert.Equal("Hi Li Wei, order {{order.id}} ({{order.id}}).", rendered.Text);
        Assert.Equal([CannedResponseRenderer.OrderId], rendered.Missing);
        Assert.False(rendered.IsComplete);
    }

    [Fact]
    public void Render_ValueThatLooksLikeASlot_IsNotFilledAgain()
    {
        var rendered = CannedResponseRenderer.Render("Hi {{learner.name}}", new TemplateValues(LearnerName: "{{agent.name}}", AgentName: "Chen Jie"));

        Assert.Equal("Hi {{agent.name}}", rendered.Text);
        Assert.True(rendered.IsComplete);
    }

    [Fact]
    public void Check_KnownVariables_HasNoProblems()
    {
        Assert.Empty(CannedResponseRenderer.Check("{{learner.name}} {{course.title}} {{order.id}} {{agent.name}} plain { braces }"));
    }

    [Fact]
    public void Check_UnknownVariable_NamesIt()
    {
        var problems = CannedResponseRenderer.Check("Hi {{learner.email}} and {{learner.name}}");

        var problem = Assert.Single(problems);
        Assert.Contains("{{learner.email}}", problem);
    }

    [Fact]
    public void Check_UnclosedBraces_IsAProblem()
    {
        Assert.Contains(CannedResponseRenderer.Check("Hi {{learner.name"), p => p.Contains("never closed"));
    }
}
