using System.Globalization;
using System.Text;
using OpsConsole.Support;

namespace OpsConsole.Demo;

/// <summary>What a learner writes to support about: stored as the intent only on tickets an agent has answered.</summary>
internal enum TicketTopic
{
    Billing,
    RefundRequest,
    VideoPlayback,
    LoginAccount,
    Certificate,
    CourseContent,
    Invoice,
    MembershipRenewal,
    Coupon,
}

/// <summary>Slots a ticket's text refers to; each template uses the ones that make sense for it.</summary>
internal sealed record TicketFacts(string Item, string Order, decimal Amount, DateTime When, string Device, int Lesson, string Plan, string Coupon, string Name);

/// <summary>
/// Ticket text in English and Chinese. Several phrasings per topic, plus varied greetings and sign-offs,
/// so an intent model has to learn the topic rather than memorise one sentence.
/// </summary>
internal static class DemoTickets
{
    /// <summary>The intent code of a topic as agents confirm it, e.g. <c>refund_request</c>.</summary>
    public static string Intent(TicketTopic topic) => topic switch
    {
        TicketTopic.Billing => "billing",
        TicketTopic.RefundRequest => "refund_request",
        TicketTopic.VideoPlayback => "video_playback",
        TicketTopic.LoginAccount => "login_account",
        TicketTopic.Certificate => "certificate",
        TicketTopic.CourseContent => "course_content",
        TicketTopic.Invoice => "invoice",
        TicketTopic.MembershipRenewal => "membership_renewal",
        TicketTopic.Coupon => "coupon",
        _ => throw new ArgumentOutOfRangeException(nameof(topic), topic, null),
    };

    /// <summary>Every intent the demo platform's learners write about.</summary>
    public static IReadOnlyList<string> Intents { get; } = Enum.GetValues<TicketTopic>().Select(Intent).ToArray();

    private sealed record Template(string Subject, string Body);

    private static readonly Dictionary<TicketTopic, Template[]> English = new()
    {
        [TicketTopic.Billing] =
        [
            new("Charged twice for {item}", "I was charged ¥{amount} twice for \"{item}\" on {date}. Order {order}. Please refund the duplicate payment."),
            new("Wrong amount charged", "My card shows ¥{amount} for order {order}, but the price on the page was lower. Can you check what happened?"),
            new("Payment taken but course still locked", "I paid ¥{amount} for \"{item}\" (order {order}) but it still says I need to buy it. The money has left my account."),
            new("Unknown charge on my statement", "There is a charge of ¥{amount} from your platform on {date} that I don't recognise. Could you tell me what it was for?"),
        ],
        [TicketTopic.RefundRequest] =
        [
            new("Refund request for {item}", "I bought \"{item}\" on {date} (order {order}) but it is not what I expected. I'd like a refund please."),
            new("Please refund my order {order}", "I purchased this by mistake. I haven't watched any lessons yet. Please refund ¥{amount}."),
            new("Course too basic, want my money back", "\"{item}\" is much more basic than the description says. I already know all of this. Can I get a refund?"),
            new("Refund - bought the wrong course", "I meant to buy a different course and bought \"{item}\" instead. Order {order}. Please refund or swap it."),
        ],
        [TicketTopic.VideoPlayback] =
        [
            new("Video keeps buffering", "Lesson {lesson} of \"{item}\" keeps buffering and stops every few seconds on my {device}. My internet is fine, other sites work."),
            new("Video won't play", "When I open lesson {lesson} of \"{item}\" I just get a black screen with a spinner. Tried reinstalling the app on {device}."),
            new("No sound in lesson {lesson}", "The video in lesson {lesson} of \"{item}\" plays but there is no audio at all. Other lessons are fine."),
            new("Playback error code 403", "I get \"playback error 403\" for every video in \"{item}\" since yesterday. Using {device}."),
        ],
        [TicketTopic.LoginAccount] =
        [
            new("Can't log in", "I can't log in to my account. It says my password is wrong but I reset it twice. Please help."),
            new("Verification code never arrives", "The SMS verification code never arrives when I try to log in. I've waited 10 minutes and tried three times."),
            new("Account locked", "My account got locked after a few login attempts. How do I unlock it? I have courses I paid for."),
            new("Merge two accounts", "I accidentally created a second account with my email. My purchases are on the other one. Can you merge them?"),
        ],
        [TicketTopic.Certificate] =
        [
            new("Certificate not issued", "I finished all lessons of \"{item}\" but I haven't received the certificate. Progress shows 100%."),
            new("Wrong name on certificate", "My certificate for \"{item}\" shows the wrong name. It should be {name}. Can you reissue it?"),
            new("How do I download my certificate?", "I completed \"{item}\". Where can I download the certificate as a PDF for my employer?"),
        ],
        [TicketTopic.CourseContent] =
        [
            new("Question about lesson {lesson}", "In lesson {lesson} of \"{item}\" the example code doesn't compile for me. Is there an updated version of the source?"),
            new("Error in course material", "I think there is a mistake in lesson {lesson} of \"{item}\": the diagram contradicts what the instructor says."),
            new("Where are the exercise files?", "The instructor mentions downloadable exercise files for \"{item}\" but I can't find them anywhere."),
            new("When will new lessons be released?", "\"{item}\" says more lessons are coming. When will lesson {lesson} onwards be available?"),
        ],
        [TicketTopic.Invoice] =
        [
            new("Invoice for order {order}", "Could you issue a company invoice (VAT) for order {order}, ¥{amount}? My company needs it for reimbursement."),
            new("Need a receipt", "I need a receipt for \"{item}\" bought on {date} for my expense report. Where can I get one?"),
            new("Invoice has wrong company name", "The invoice for order {order} has the wrong company name. Please reissue it."),
        ],
        [TicketTopic.MembershipRenewal] =
        [
            new("Membership renewal failed", "My {plan} membership renewal failed on {date} and now I can't access the columns. My card is valid. Please fix it."),
            new("Charged for renewal I didn't want", "I was charged ¥{amount} for the {plan} membership renewal on {date}. I didn't want to renew. Please refund."),
            new("Membership expired but I paid", "It says my membership expired but the renewal payment went through. Please restore my access."),
            new("How to turn off auto-renew?", "I can't find where to turn off automatic renewal of my {plan} membership. Please help."),
        ],
        [TicketTopic.Coupon] =
        [
            new("Coupon code not working", "The coupon {coupon} says it is invalid at checkout for \"{item}\", but it should still be valid."),
            new("Discount not applied", "I used coupon {coupon} but was charged the full price ¥{amount} for order {order}. Please refund the difference."),
            new("Missed the sale price", "I bought \"{item}\" one day before the sale started. Can I get the difference back?"),
        ],
    };

    private static readonly Dictionary<TicketTopic, Template[]> Chinese = new()
    {
        [TicketTopic.Billing] =
        [
            new("重复扣款", "{date}购买《{item}》被扣了两次款，每次 {amount} 元，订单号 {order}，请退还多扣的一笔。"),
            new("扣款金额不对", "订单 {order} 实际扣了 {amount} 元，但页面显示的价格更低，麻烦核实一下。"),
            new("付款成功但课程没有开通", "已经支付 {amount} 元购买《{item}》（订单 {order}），但是课程还是显示未购买，钱已经扣了。"),
            new("账单里有一笔不认识的扣款", "{date}有一笔 {amount} 元的扣款，我不记得买过什么，请帮忙查一下是什么费用。"),
        ],
        [TicketTopic.RefundRequest] =
        [
            new("申请退款：{item}", "{date}购买了《{item}》（订单 {order}），内容和介绍不符，申请退款。"),
            new("订单 {order} 申请退款", "误购了这门课，还没有开始学习，请退款 {amount} 元。"),
            new("课程太基础了，想退款", "《{item}》比介绍里说的基础太多，这些内容我都会了，可以退款吗？"),
            new("买错课了", "本来想买另一门课，结果买成了《{item}》，订单 {order}，能退款或者换课吗？"),
        ],
        [TicketTopic.VideoPlayback] =
        [
            new("视频一直卡顿", "《{item}》第 {lesson} 讲在{device}上一直缓冲，几秒就卡一次，网络是正常的。"),
            new("视频无法播放", "打开《{item}》第 {lesson} 讲一直黑屏转圈，{device}上重装了 App 也不行。"),
            new("第 {lesson} 讲没有声音", "《{item}》第 {lesson} 讲的视频能播放但是没有声音，其他讲都正常。"),
            new("播放报错 403", "从昨天开始《{item}》的所有视频都提示“播放错误 403”，用的是{device}。"),
        ],
        [TicketTopic.LoginAccount] =
        [
            new("登录不了", "账号登录不上，一直提示密码错误，已经重置了两次密码，请帮忙处理。"),
            new("收不到验证码", "登录的时候短信验证码一直收不到，等了十分钟，试了三次。"),
            new("账号被锁定", "输错几次密码后账号被锁定了，怎么解锁？里面有我买的课。"),
            new("两个账号合并", "不小心用邮箱又注册了一个账号，已购课程在另一个账号上，能帮忙合并吗？"),
        ],
        [TicketTopic.Certificate] =
        [
            new("结课证书没有发放", "《{item}》已经全部学完，进度 100%，但是一直没有收到结课证书。"),
            new("证书姓名错误", "《{item}》的证书上姓名不对，应该是{name}，麻烦重新开具。"),
            new("证书怎么下载", "学完了《{item}》，在哪里可以下载 PDF 版的证书？公司需要。"),
        ],
        [TicketTopic.CourseContent] =
        [
            new("第 {lesson} 讲的问题", "《{item}》第 {lesson} 讲的示例代码编译不通过，有更新的源码吗？"),
            new("课程内容有错误", "《{item}》第 {lesson} 讲里的图和老师讲的内容对不上，是不是有错误？"),
            new("课后练习文件在哪", "老师说《{item}》有配套的练习文件可以下载，但我找不到。"),
            new("什么时候更新", "《{item}》说后续还会更新，第 {lesson} 讲之后什么时候上线？"),
        ],
        [TicketTopic.Invoice] =
        [
            new("申请开发票", "订单 {order}，金额 {amount} 元，需要开增值税专用发票，公司报销用。"),
            new("需要收据", "{date}购买的《{item}》需要一张收据用于报销，在哪里申请？"),
            new("发票抬头错了", "订单 {order} 的发票抬头开错了，麻烦重新开一张。"),
        ],
        [TicketTopic.MembershipRenewal] =
        [
            new("会员续费失败", "{date}{plan}会员自动续费失败了，现在专栏都看不了，银行卡是正常的，请处理。"),
            new("不想续费却被扣款", "{date}被自动扣了 {amount} 元{plan}会员续费，我没有想续费，请退款。"),
            new("续费成功但会员过期", "续费已经扣款成功了，但是会员显示已过期，请恢复权益。"),
            new("怎么关闭自动续费", "找不到关闭{plan}会员自动续费的入口，请告诉我在哪里操作。"),
        ],
        [TicketTopic.Coupon] =
        [
            new("优惠券用不了", "结算《{item}》的时候优惠券 {coupon} 提示无效，但是还在有效期内。"),
            new("优惠没有生效", "用了优惠券 {coupon}，订单 {order} 还是按原价 {amount} 元扣的款，请退还差价。"),
            new("错过活动价", "活动开始前一天买了《{item}》，能退差价吗？"),
        ],
    };

    private static readonly string[] EnglishOpeners = ["", "Hi,\n\n", "Hello support team,\n\n", "Hi there,\n\n", "Hello,\n\n"];
    private static readonly string[] EnglishClosers = ["", "\n\nThanks.", "\n\nThanks in advance,\n{name}", "\n\nPlease help, this is urgent.", "\n\nRegards,\n{name}"];
    private static readonly string[] ChineseOpeners = ["", "你好，", "您好，", "客服你好，", "你好，麻烦问一下，"];
    private static readonly string[] ChineseClosers = ["", "谢谢！", "麻烦尽快处理，谢谢。", "急，在线等。", "辛苦了。"];

    private static readonly Dictionary<string, string> ChineseDevices = new(StringComparer.Ordinal)
    {
        ["ios"] = "iPhone", ["android"] = "安卓手机", ["web"] = "电脑网页", ["miniprogram"] = "微信小程序",
    };

    private static readonly Dictionary<string, string> EnglishDevices = new(StringComparer.Ordinal)
    {
        ["ios"] = "iPhone", ["android"] = "Android phone", ["web"] = "laptop browser", ["miniprogram"] = "WeChat mini program",
    };

    public static (string Subject, string Body) Write(DemoRandom rng, TicketTopic topic, bool chinese, TicketFacts facts)
    {
        var templates = (chinese ? Chinese : English)[topic];
        var template = rng.Pick(templates);
        var opener = rng.Pick(chinese ? ChineseOpeners : EnglishOpeners);
        var closer = rng.Pick(chinese ? ChineseClosers : EnglishClosers);
        return (Fill(template.Subject, facts, chinese), Fill(opener + template.Body + closer, facts, chinese));
    }

    public static TicketPriority Priority(DemoRandom rng, TicketTopic topic)
    {
        double[] weights = topic switch
        {
            TicketTopic.Billing => [0, 2, 5, 3],
            TicketTopic.LoginAccount or TicketTopic.VideoPlayback => [1, 4, 4, 1],
            TicketTopic.MembershipRenewal or TicketTopic.RefundRequest => [1, 5, 3, 1],
            TicketTopic.Invoice or TicketTopic.Certificate => [5, 4, 1, 0],
            _ => [4, 5, 1, 0],
        };
        return (TicketPriority)rng.PickWeighted(weights);
    }

    /// <summary>Where the ticket came in: Chinese learners mostly through the app and WeChat.</summary>
    public static string Channel(DemoRandom rng, bool chinese) =>
        chinese ? rng.Pick(new[] { "web", "app", "app", "wechat", "wechat", "email" }) : rng.Pick(new[] { "web", "web", "app", "email", "email" });

    private static string Fill(string text, TicketFacts facts, bool chinese)
    {
        // The platform's home time zone, which is what learners quote.
        var when = facts.When.AddHours(8);
        var builder = new StringBuilder(text)
            // Chinese templates put the title in 《》 themselves; book titles already carry them.
            .Replace("{item}", chinese ? facts.Item.Trim('《', '》') : facts.Item)
            .Replace("{order}", facts.Order)
            .Replace("{amount}", facts.Amount.ToString("0.##", CultureInfo.InvariantCulture))
            .Replace("{date}", chinese ? when.ToString("M月d日", CultureInfo.InvariantCulture) : when.ToString("MMM d", CultureInfo.InvariantCulture))
            .Replace("{device}", (chinese ? ChineseDevices : EnglishDevices).GetValueOrDefault(facts.Device, facts.Device))
            .Replace("{lesson}", facts.Lesson.ToString(CultureInfo.InvariantCulture))
            .Replace("{plan}", chinese ? (facts.Plan == "annual" ? "年度" : "月度") : facts.Plan)
            .Replace("{coupon}", facts.Coupon)
            .Replace("{name}", facts.Name);
        return builder.ToString();
    }
}
