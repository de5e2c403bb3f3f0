using System.Text;

namespace OpsConsole.Tests.Support;

/// <summary>
/// A small bilingual set of support tickets in four intents, built from phrasings and course names, plus
/// held-out tickets worded differently from every training phrasing.
/// </summary>
internal static class TicketCorpus
{
    public static readonly string[] Intents = ["invoice", "login", "refund", "video"];

    private static readonly Dictionary<string, string[]> Phrasings = new()
    {
        ["refund"] =
        [
            "I want a refund for {item}", "please refund my purchase of {item}", "can I get my money back for {item}",
            "bought {item} by mistake, refund please", "requesting a refund, {item} is not what I expected",
            "申请退款，{item}不是我想要的", "{item}买错了，请退款", "能退款吗？{item}内容和介绍不符", "我要退款，误购了{item}",
        ],
        ["login"] =
        [
            "I can't log in to my account", "my password reset does not work and I cannot log in",
            "the verification code never arrives when I log in", "my account is locked after failed login attempts",
            "login fails, it says wrong password", "账号登录不上，一直提示密码错误", "收不到登录验证码", "账号被锁定了，无法登录",
            "重置密码后还是登录不了",
        ],
        ["video"] =
        [
            "the video in {item} keeps buffering", "lesson videos of {item} won't play, just a black screen",
            "no sound in the video of {item}", "playback error when I open {item}", "the video of {item} stops every few seconds",
            "{item}的视频一直卡顿", "{item}视频无法播放，黑屏", "{item}的视频没有声音", "打开{item}视频播放报错",
        ],
        ["invoice"] =
        [
            "please issue an invoice for {item}", "I need a VAT invoice for my company", "the invoice for {item} has the wrong company name",
            "where can I download a receipt for {item}", "need an invoice for {item} for reimbursement", "请给{item}开发票",
            "需要开增值税发票，公司报销", "发票抬头开错了，请重开", "在哪里下载{item}的收据",
        ],
    };

    private static readonly string[] Items = ["Kubernetes in Practice", "Mastering Pandas", "深入浅出数据结构", "Rust 异步编程", "Go 语言实战课"];
    private static readonly string[] Openers = ["", "Hi, ", "你好，", "Hello support, "];

    public static IReadOnlyList<(string Text, string Intent)> Training()
    {
        var examples = new List<(string, string)>();
        var k = 0;
        foreach (var (intent, phrasings) in Phrasings)
        {
            foreach (var phrasing in phrasings)
            {
                foreach (var item in Items)
                {
                    examples.Add((Openers[k++ % Openers.Length] + phrasing.Replace("{item}", item, StringComparison.Ordinal), intent));
                }
            }
        }
        return examples;
    }

    /// <summary>Tickets worded unlike any training phrasing, naming courses the training never names.</summary>
    public static readonly (string Text, string Intent)[] HeldOut =
    [
        ("Refund please, I bought the wrong course: Spring Boot Bootcamp.", "refund"),
        ("买错课程了，想申请退款。", "refund"),
        ("Cannot log in at all, my password is rejected every time.", "login"),
        ("密码是对的，但是一直登录不上。", "login"),
        ("Videos in Advanced SQL keep buffering and will not play.", "video"),
        ("《系统设计》的视频卡顿，播放不了。", "video"),
        ("Could I get an invoice for reimbursement, please?", "invoice"),
        ("公司报销需要开发票，抬头是某某公司。", "invoice"),
    ];

    public static string Csv(IEnumerable<(string Text, string Intent)> examples)
    {
        var csv = new StringBuilder("text,category\n");
        foreach (var (text, intent) in examples)
        {
            csv.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",").Append(intent).Append('\n');
        }
        return csv.ToString();
    }
}
