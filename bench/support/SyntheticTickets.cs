using OpsConsole.Support;

namespace OpsConsole.Bench.Support;

/// <summary>One ticket as the platform would post it, with the intent it was written for.</summary>
public sealed record BenchTicket(string LearnerId, string Subject, string Body, string Channel, string Intent, string Language);

/// <summary>
/// Ticket texts written from templates, deterministic from a seed: six intents, each in English and Chinese, with
/// interchangeable openings, details and closings, so no two tickets read alike. The same generator gives the intent
/// model's training texts and, from another seed, the tickets the benchmark opens.
/// </summary>
public sealed class SyntheticTickets(int seed)
{
    public static readonly string[] Intents = ["refund_request", "login_account", "video_playback", "invoice_billing", "membership_renewal", "course_access"];

    private static readonly string[] Channels = ["web", "web", "app", "app", "email", "wechat"];

    private static readonly Dictionary<string, (string[] Subjects, string[] Problems)> English = new()
    {
        ["refund_request"] = (
            ["Refund please", "Request a refund", "Money back for my order", "Refund for the course I bought", "Cancel and refund"],
            ["I want a refund for {item}, it is not what I expected", "please refund my order {order}, I bought {item} by mistake",
             "I was charged twice for {item} and want my money back", "can I get a refund? {item} did not match the description",
             "I would like to cancel {item} and get the payment returned"]),
        ["login_account"] = (
            ["Cannot log in", "Login problem", "Account locked", "Password reset not working", "Can't sign in"],
            ["I cannot log in to my account, the password reset email never arrives", "my account is locked after too many attempts",
             "the verification code does not come so I can't sign in", "login fails with wrong password even after I reset it",
             "I forgot my password and the reset link says it expired"]),
        ["video_playback"] = (
            ["Video will not play", "Playback problem", "Lesson video buffering", "Black screen in the lesson", "Video freezes"],
            ["the video of {item} keeps buffering and will not play", "lesson {lesson} shows a black screen and no sound",
             "the lecture video won't load, it just spins forever", "videos stutter and freeze in the app during {item}",
             "playback stops after a minute in lesson {lesson} of {item}"]),
        ["invoice_billing"] = (
            ["Invoice needed", "Need a receipt", "Billing question", "VAT invoice for my company", "Wrong amount on the bill"],
            ["I need an invoice for order {order} for my company", "please send a receipt for my payment of {amount}",
             "the bill shows {amount} but the price was lower", "how do I get a tax invoice for {item}",
             "my company needs the invoice with our tax number for order {order}"]),
        ["membership_renewal"] = (
            ["Membership renewal", "Auto-renew question", "Membership expired", "Renew my membership", "Stop auto renewal"],
            ["my membership expired yesterday and I want to renew it", "please turn off the auto-renewal of my membership",
             "I renewed the annual membership but it still shows expired", "how much is it to renew the membership for a year",
             "the membership renewal charged me {amount} but I am still not a member"]),
        ["course_access"] = (
            ["Course not unlocked", "Cannot access my course", "Bought but locked", "Course missing from my library", "No access to lessons"],
            ["I bought {item} but the lessons are still locked", "{item} does not appear in my library after paying",
             "I paid for order {order} and still cannot open the course", "the course says I need to purchase it again",
             "lesson {lesson} of {item} is locked although I bought the whole course"]),
    };

    private static readonly Dictionary<string, (string[] Subjects, string[] Problems)> Chinese = new()
    {
        ["refund_request"] = (
            ["申请退款", "退款", "我要退钱", "课程退款", "取消订单退款"],
            ["我要退款，{item}不适合我，请退钱", "订单{order}买错了，请帮我退款", "{item}被扣了两次钱，请退给我",
             "课程和描述不符，申请退款", "请取消{item}并把钱退回来"]),
        ["login_account"] = (
            ["登录不了", "账号登录问题", "账号被锁", "密码重置失败", "无法登录"],
            ["登录不了账号，密码重置邮件收不到", "账号被锁了，无法登录", "验证码一直收不到，登录失败",
             "重置密码以后还是提示密码错误", "忘记密码了，重置链接显示已过期"]),
        ["video_playback"] = (
            ["视频播放不了", "视频卡顿", "课程视频黑屏", "视频加载不出来", "播放问题"],
            ["{item}的视频一直卡顿，播放不了", "第{lesson}课黑屏，没有声音", "视频加载不出来，一直转圈",
             "在手机上看{item}视频总是卡住", "第{lesson}课播放一分钟就停了"]),
        ["invoice_billing"] = (
            ["开发票", "需要发票", "账单问题", "公司报销发票", "金额不对"],
            ["订单{order}需要开公司发票", "请给我{amount}的付款开收据", "账单显示{amount}，但是价格更低",
             "{item}怎么开增值税发票", "公司报销需要带税号的发票，订单{order}"]),
        ["membership_renewal"] = (
            ["会员续费", "自动续费", "会员过期", "续费会员", "取消自动续费"],
            ["会员昨天过期了，我想续费", "请帮我关闭会员自动续费", "续费了年度会员但还是显示过期",
             "续费一年会员多少钱", "续费扣了{amount}但是会员还没有开通"]),
        ["course_access"] = (
            ["课程没有解锁", "无法访问课程", "买了还是锁着", "课程不在我的书架", "课程打不开"],
            ["我买了{item}但是课程还是锁着", "付款以后{item}没有出现在我的书架", "订单{order}付款了还是打不开课程",
             "课程提示我需要再次购买", "第{lesson}课是锁着的，但我买了整门课"]),
    };

    private static readonly string[] EnglishItems = ["the Go concurrency course", "Kubernetes in Practice", "the data structures column", "Rust for beginners", "the system design live class", "the SQL tuning e-book"];
    private static readonly string[] ChineseItems = ["Go并发编程课", "Kubernetes实战", "数据结构专栏", "Rust入门", "系统设计直播课", "SQL调优电子书"];
    private static readonly string[] EnglishOpenings = ["Hi,", "Hello,", "Hi support,", "", "Dear team,", "Hey,"];
    private static readonly string[] EnglishClosings = ["Thanks.", "Please help.", "Thank you!", "", "This is urgent, please help asap.", "I am really unhappy about this."];
    private static readonly string[] ChineseOpenings = ["你好，", "您好，", "客服你好，", "", "老师好，"];
    private static readonly string[] ChineseClosings = ["谢谢。", "麻烦尽快处理。", "谢谢！", "", "太失望了。", "很着急，请马上处理。"];

    private readonly Random _random = new(seed);
    private long _sequence;

    /// <summary>Texts for the intent model: <paramref name="perIntentAndLanguage"/> of each intent in each language.</summary>
    public IReadOnlyList<(string Text, string Intent)> TrainingSet(int perIntentAndLanguage)
    {
        var examples = new List<(string, string)>();
        foreach (var intent in Intents)
        {
            foreach (var language in new[] { "en", "zh" })
            {
                for (var i = 0; i < perIntentAndLanguage; i++)
                {
                    var t = Write(intent, language);
                    examples.Add((TicketText.Combine(t.Subject, t.Body), intent));
                }
            }
        }
        return examples;
    }

    /// <summary>The next ticket: 65 % English, 35 % Chinese; intents uniform.</summary>
    public BenchTicket Next()
    {
        var intent = Intents[_random.Next(Intents.Length)];
        return Write(intent, _random.NextDouble() < 0.65 ? "en" : "zh");
    }

    private BenchTicket Write(string intent, string language)
    {
        var n = Interlocked.Increment(ref _sequence);
        var zh = language == "zh";
        var (subjects, problems) = (zh ? Chinese : English)[intent];
        var problem = Pick(problems)
            .Replace("{item}", Pick(zh ? ChineseItems : EnglishItems), StringComparison.Ordinal)
            .Replace("{order}", $"ORD-{2026_0000 + _random.Next(9999):D8}", StringComparison.Ordinal)
            .Replace("{lesson}", (_random.Next(12) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{amount}", zh ? $"{_random.Next(49, 999)}元" : $"¥{_random.Next(49, 999)}", StringComparison.Ordinal);
        var body = zh
            ? $"{Pick(ChineseOpenings)}{problem}。{Pick(ChineseClosings)}"
            : $"{Pick(EnglishOpenings)} {char.ToUpperInvariant(problem[0])}{problem[1..]}. {Pick(EnglishClosings)}".Trim();
        return new BenchTicket($"bench-learner-{n % 5000:D5}", Pick(subjects), body, Pick(Channels), intent, language);
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}

/// <summary>
/// The desk's intent classifier for the benchmark: a real model trained with the product's pipeline. Prediction engines
/// are pooled inside <see cref="IntentModel"/>, so concurrent requests classify in parallel.
/// </summary>
public sealed class TrainedIntentClassifier(IntentModel model) : IIntentClassifier
{
    public const int ModelVersion = 1;

    public IntentReading? Classify(string subject, string body)
    {
        var p = model.Predict(TicketText.Combine(subject, body));
        return new IntentReading(p.Intent, p.Confidence, ModelVersion, p.Top.Skip(1).Select(s => (s.Intent, (double)s.Probability)).ToList());
    }
}
