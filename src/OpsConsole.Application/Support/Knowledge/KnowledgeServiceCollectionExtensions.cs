using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Support;

namespace OpsConsole;

public static class KnowledgeServiceCollectionExtensions
{
    /// <summary>
    /// The knowledge base and canned responses, answer suggestions, the automatic-answer policy and the demo
    /// help centre. All singletons over the pooled context factory; the article index lives as long as the app.
    /// The desk's <see cref="IAutoResponder"/> becomes <see cref="KnowledgeAutoResponder"/>, whichever was added
    /// before or is offered as a fallback after.
    /// </summary>
    public static IServiceCollection AddKnowledgeBase(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new SuggestionWeights());
        services.AddSingleton<KnowledgeIndex>();
        services.AddSingleton<KnowledgeBase>();
        services.AddSingleton<AnswerSuggester>();
        services.AddSingleton<TicketAnswers>();
        services.AddSingleton<AutoReplyPolicy>();
        services.AddSingleton<DemoKnowledgeBase>();
        services.RemoveAll<IAutoResponder>();
        services.AddSingleton<IAutoResponder, KnowledgeAutoResponder>();
        return services;
    }
}
