using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support.Knowledge;

public sealed class DemoHelpCentreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_DemoModeOnEmptyDatabase_FillsTheHelpCentreAndTurnsOnAutomaticReplies()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(database, new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "true", ["Demo:Learners"] = "20", ["Demo:Days"] = "7",
        });

        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync(Ct);
        var settings = await scope.ServiceProvider.GetRequiredService<AutoReplyPolicy>().GetSettingsAsync(Ct);
        var suggestions = await scope.ServiceProvider.GetRequiredService<AnswerSuggester>()
            .SuggestArticlesAsync(new SuggestionRequest("收不到验证码\n登录的时候短信验证码一直收不到", "login_account", "zh"), Ct);

        Assert.Equal(KnowledgeCodes.Intents.Count * 4, await db.KnowledgeArticles.CountAsync(Ct));
        Assert.True(await db.CannedResponses.CountAsync(Ct) >= 6);
        Assert.True(settings.Enabled);
        Assert.Contains("login_account", suggestions[0].Intents);
        Assert.Equal("zh", suggestions[0].Language);
    }
}
