using Hangfire.Logging;
using LogLevel = Hangfire.Logging.LogLevel;
using MsLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace OpsConsole.Web.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide while logger factories belong to a host. Where several hosts share a
/// process (integration tests) one may be disposed while another still runs; its jobs' messages are then dropped
/// instead of failing the request or job that wrote them.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new SafeLog(factory, name);

    private sealed class SafeLog(ILoggerFactory factory, string name) : ILog
    {
        private ILogger? _logger;

        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                _logger ??= factory.CreateLogger(name);
                var level = Map(logLevel);
                if (messageFunc is null)
                {
                    // Hangfire asks "is this level on?" with no message.
                    return _logger.IsEnabled(level);
                }
                if (!_logger.IsEnabled(level))
                {
                    return false;
                }
#pragma warning disable CA2254 // Hangfire hands over finished text, not a template.
                _logger.Log(level, exception, messageFunc());
#pragma warning restore CA2254
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private static MsLogLevel Map(LogLevel level) => level switch
        {
            LogLevel.Trace => MsLogLevel.Trace,
            LogLevel.Debug => MsLogLevel.Debug,
            LogLevel.Info => MsLogLevel.Information,
            LogLevel.Warn => MsLogLevel.Warning,
            LogLevel.Error => MsLogLevel.Error,
            _ => MsLogLevel.Critical,
        };
    }
}
