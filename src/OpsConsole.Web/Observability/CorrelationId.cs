using System.Buffers;
using System.Diagnostics;

namespace OpsConsole.Web.Observability;

/// <summary>The id that ties a request's log lines, its response and the caller's own records together.</summary>
public sealed record CorrelationId(string Value)
{
    public const string Header = "X-Correlation-Id";
    public const string LogKey = "CorrelationId";
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    /// <summary>
    /// A caller's id is kept when it is short and plain (so it cannot forge log lines or bloat every entry);
    /// otherwise the request's trace id serves, which also finds the request's spans in a tracing backend.
    /// </summary>
    public static CorrelationId For(HttpContext context)
    {
        var incoming = context.Request.Headers[Header];
        if (incoming.Count == 1 && incoming[0] is { Length: > 0 and <= MaxLength } value && !value.AsSpan().ContainsAnyExcept(Allowed))
        {
            return new CorrelationId(value);
        }
        return new CorrelationId(Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier);
    }

    public static CorrelationId? Of(HttpContext context) => context.Features.Get<CorrelationId>();
}

/// <summary>
/// Runs ahead of the whole pipeline (exception handler included), so every log line of a request carries the id in
/// its scope and every response, error pages too, echoes it.
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var id = CorrelationId.For(context);
        context.Features.Set(id);
        Activity.Current?.SetTag("opsconsole.correlation_id", id.Value);
        context.Response.OnStarting(static state =>
        {
            var (response, value) = ((HttpResponse, string))state;
            response.Headers[CorrelationId.Header] = value;
            return Task.CompletedTask;
        }, (context.Response, id.Value));
        using (logger.BeginScope(new CorrelationScope(id.Value)))
        {
            await next(context);
        }
    }
}

/// <summary>A scope that text logs print as <c>CorrelationId:value</c> and structured ones keep as a field.</summary>
internal sealed class CorrelationScope(string value) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(CorrelationId.LogKey, value) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{CorrelationId.LogKey}:{value}";
}

internal sealed class CorrelationIdStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        next(app);
    };
}
