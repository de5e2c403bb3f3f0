using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Data;
using OpsConsole.Support;
using OpsConsole.Tests.Components;

namespace OpsConsole.Tests.Support.Intents;

/// <summary>
/// Hand-written tickets in English and Chinese for three intents, as agents would have confirmed them, and the intent
/// model's real services over a test database with thresholds small enough for them.
/// </summary>
internal static class IntentFixtures
{
    public const string Refund = "refund_request";
    public const string Login = "login_account";
    public const string Video = "video_playback";

    public static readonly (string Subject, string Body, string Intent)[] Tickets =
    [
        ("Refund please", "I bought the Docker course by mistake, please refund my money.", Refund),
        ("Want my money back", "The course is too basic for me. Can I get a refund?", Refund),
        ("Refund request", "Please refund order 10234, I no longer need it.", Refund),
        ("Return the course", "I would like a refund for the Python course I purchased yesterday.", Refund),
        ("Refund for wrong purchase", "I paid twice by accident and want one payment refunded.", Refund),
        ("申请退款", "我买错了课程，请帮我退款。", Refund),
        ("退款", "这门课太基础了，能退款吗？", Refund),
        ("想要退钱", "订单 10235 不想要了，麻烦退款。", Refund),
        ("退款申请", "昨天购买的课程想申请退款，谢谢。", Refund),
        ("重复付款退款", "不小心付了两次钱，请退回一笔款项。", Refund),

        ("Can't log in", "I cannot log in to my account, it says my password is wrong.", Login),
        ("Account locked", "My account is locked after several login attempts.", Login),
        ("Password reset not working", "I reset my password but still cannot sign in.", Login),
        ("Verification code", "The login verification code never arrives on my phone.", Login),
        ("Login problem", "Every time I try to log in the page says account not found.", Login),
        ("无法登录", "我登录不了账号，提示密码错误。", Login),
        ("账号被锁", "多次登录失败后账号被锁定了。", Login),
        ("重置密码没用", "重置了密码还是登录不上。", Login),
        ("收不到验证码", "登录时手机一直收不到验证码。", Login),
        ("登录问题", "每次登录都提示账号不存在。", Login),

        ("Video keeps buffering", "The lesson video keeps buffering and stops every few seconds.", Video),
        ("Video won't play", "When I open the lesson the video shows a black screen.", Video),
        ("No sound", "The video plays but there is no sound at all.", Video),
        ("Playback error", "I get a playback error for every video in the course.", Video),
        ("Video stuck", "The video player freezes halfway through lesson three.", Video),
        ("视频一直缓冲", "课程视频一直在缓冲，几秒就卡住。", Video),
        ("视频播放不了", "打开课时视频只有黑屏。", Video),
        ("视频没有声音", "视频能播放但是完全没有声音。", Video),
        ("播放出错", "这门课的每个视频都提示播放错误。", Video),
        ("视频卡住", "第三课的视频播放到一半就卡住了。", Video),
    ];

    /// <summary>Settings that let the ten tickets per intent above train and be measured.</summary>
    public static readonly Dictionary<string, string?> SmallDesk = new()
    {
        ["Support:Intents:MinimumExamples"] = "12",
        ["Support:Intents:MinimumPerIntent"] = "4",
        ["Support:Intents:ActiveModelPollSeconds"] = "5",
    };

    public static ServiceProvider Services(TestDatabase database, TimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        AddServices(services, database, clock, settings);
        return services.BuildServiceProvider();
    }

    public static void AddServices(IServiceCollection services, TestDatabase database, TimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    {
        database.Register(services);
        services.TryAddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? SmallDesk).Build());
        services.AddLogging();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }
        services.AddIntentModelServices();
    }

    /// <summary>Stores tickets with their confirmed intent; <paramref name="confirmed"/> false leaves them as readings nobody checked.</summary>
    public static void Seed(TestDatabase database, IEnumerable<(string Subject, string Body, string Intent)> tickets, bool confirmed = true)
    {
        using var db = new OpsDbContext(database.Options);
        var now = DateTime.UtcNow;
        var n = 0;
        foreach (var (subject, body, intent) in tickets)
        {
            db.Tickets.Add(new Ticket
            {
                LearnerId = $"l-{++n}", Subject = subject, Body = body, Intent = intent, IntentConfirmed = confirmed,
                Language = subject.Any(TicketText.IsCjk) ? "zh" : "en", CreatedAt = now.AddMinutes(-n), UpdatedAt = now,
            });
        }
        db.SaveChanges();
    }
}

/// <summary>A clock the test moves by hand, for the host's polling interval.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks = 1_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
