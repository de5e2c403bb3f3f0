using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>What seeding wrote: nothing when the knowledge base already had entries.</summary>
public sealed record KnowledgeSeed(int Articles, int CannedResponses, bool AutoReplySettings);

/// <summary>
/// The demo platform's help centre: two articles per intent in English and in Chinese, a few canned responses
/// in each language, and automatic answers for the intents whose articles fully answer the usual question
/// (sign-in, certificates, invoices) when the model is at least 80% sure.
/// </summary>
public sealed class DemoKnowledgeBase(IDbContextFactory<OpsDbContext> contexts, KnowledgeIndex index, TimeProvider clock)
{
    public const string Author = "demo";

    public static AutoReplySettings DefaultAutoReply { get; } = new(true, ["login_account", "certificate", "invoice"], 0.8);

    /// <summary>
    /// Writes the demo entries when there are no articles and no canned responses, and the automatic-answer settings
    /// when none are stored; a knowledge base that managers already started is left alone.
    /// </summary>
    public async Task<KnowledgeSeed> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var articles = 0;
        var canned = 0;
        if (!await db.KnowledgeArticles.AnyAsync(cancellationToken) && !await db.CannedResponses.AnyAsync(cancellationToken))
        {
            foreach (var (intent, en, zh) in Articles)
            {
                db.KnowledgeArticles.Add(new KnowledgeArticle { Title = en.Title, Body = en.Body, Intents = intent, Language = "en", UpdatedAt = now, UpdatedBy = Author });
                db.KnowledgeArticles.Add(new KnowledgeArticle { Title = zh.Title, Body = zh.Body, Intents = intent, Language = "zh", UpdatedAt = now, UpdatedBy = Author });
                articles += 2;
            }
            foreach (var (name, language, intents, body) in Canned)
            {
                db.CannedResponses.Add(new CannedResponse { Name = name, Body = body, Language = language, Intents = intents, UpdatedAt = now });
                canned++;
            }
        }
        var settings = !await db.SupportSettings.AnyAsync(s => s.Key == AutoReplySettings.Key, cancellationToken);
        if (settings)
        {
            db.SupportSettings.Add(new SupportSetting { Key = AutoReplySettings.Key, Value = DefaultAutoReply.ToJson(), UpdatedAt = now, UpdatedBy = Author });
        }
        await db.SaveChangesAsync(cancellationToken);
        if (articles > 0)
        {
            index.Invalidate();
        }
        return new KnowledgeSeed(articles, canned, settings);
    }

    private sealed record Text(string Title, string Body);

    private static readonly (string Intent, Text En, Text Zh)[] Articles =
    [
        ("billing",
            new("Charged twice for the same order", "If you see two charges for one order, the second is usually a pending authorisation that your bank releases within 3–5 working days. Check My Orders: if only one order is listed as paid, the extra amount returns by itself. If two orders are paid for the same course, reply with both order numbers and we will refund the duplicate payment within 1–3 working days."),
            new("重复扣款怎么办", "同一订单出现两笔扣款时，第二笔通常是银行的预授权，会在 3–5 个工作日内自动退回。请在“我的订单”中查看：如果只有一笔订单显示已支付，多扣的金额会自动退回；如果同一课程有两笔已支付订单，请回复两个订单号，我们会在 1–3 个工作日内退还重复扣款。")),
        ("billing",
            new("Paid but the course is still locked", "A payment usually unlocks the course within a minute. Sign out, sign in again and open My Courses. If the course is still locked after 15 minutes, send us the order number and a screenshot of the payment and we will unlock it by hand. You will not be charged again."),
            new("付款成功但课程没有开通", "支付成功后课程通常在一分钟内开通。请退出登录后重新登录，再打开“我的课程”。如果 15 分钟后课程仍未开通，请提供订单号和支付截图，我们会手动为您开通，不会重复扣款。")),
        ("refund_request",
            new("Refund policy for courses", "A course can be refunded within 7 days of purchase if you have watched less than 20% of its lessons. Open My Orders, choose the order and tap Request refund. The money returns to the original payment method within 3–7 working days. A course bought with a coupon is refunded at the price you actually paid."),
            new("课程退款规则", "购买后 7 天内、学习进度不超过 20% 的课程可以申请退款。请在“我的订单”中选择对应订单，点击“申请退款”，退款将在 3–7 个工作日内原路退回。使用优惠券购买的课程按实际支付金额退款。")),
        ("refund_request",
            new("Bought the wrong course", "If you bought the wrong course by mistake and have not started it, we can refund it or swap it for the course you meant to buy. Reply with the order number and the title of the course you want instead. If the new course costs more, you pay only the difference."),
            new("买错课程怎么办", "如果误购了课程且尚未开始学习，我们可以为您退款或换成想买的课程。请回复订单号以及想要更换的课程名称。如果新课程价格更高，只需补差价。")),
        ("video_playback",
            new("Video keeps buffering or will not play", "If a video keeps buffering, will not play or shows a black screen with a spinner, try these steps in order: switch the quality to 480p in the player settings; close other apps that use the network; update the app to the latest version; clear the app cache (Settings > Storage > Clear cache). In a browser, turn off ad blockers for our site. If the lesson still stops, tell us your device, app version and the lesson number."),
            new("视频卡顿或无法播放", "请依次尝试：在播放器设置中把清晰度切换到 480p；关闭其他占用网络的应用；将 App 更新到最新版本；清除缓存（设置 > 存储 > 清除缓存）。使用电脑网页观看时，请对本站关闭广告拦截插件。如果视频仍然卡顿或黑屏，请告诉我们设备型号、App 版本和课程讲次。")),
        ("video_playback",
            new("Playback error 403 or no sound", "Error 403 means the player could not confirm your purchase: sign out, sign in again and reopen the lesson. If a video plays without sound, check that the device is not muted and no Bluetooth headset is connected, then restart the app. If only one lesson has the problem, tell us which one so we can re-encode it."),
            new("播放报错 403 或没有声音", "播放错误 403 表示播放器无法确认您的购买状态：请退出登录后重新登录，再打开课程。如果视频有画面没有声音，请检查设备是否静音、是否连接了蓝牙耳机，然后重启 App。如果只有某一讲有问题，请告诉我们具体讲次，我们会重新转码。")),
        ("login_account",
            new("Cannot log in, account locked or password reset", "On the sign-in page tap Forgot password and enter the phone number or email you registered with; a reset link arrives within a few minutes (check your spam folder). If the SMS verification code does not arrive, wait 60 seconds before asking again and check the country code of the number. After five wrong passwords the account is locked for 30 minutes and then unlocks by itself; you do not need to do anything to unlock it."),
            new("登录不了或忘记密码", "在登录页点击“忘记密码”，输入注册时使用的手机号或邮箱，几分钟内会收到重置链接（请同时检查垃圾邮件）。如果收不到短信验证码，请等待 60 秒后再重新获取，并确认手机号的国家区号正确。连续输错五次密码后账号会被锁定 30 分钟，之后自动解锁。")),
        ("login_account",
            new("Merging two accounts", "Purchases cannot be moved between accounts by yourself, but we can merge the accounts for you. Reply with the phone number or email of both accounts and tell us which one to keep. Merging takes up to 2 working days; your progress and certificates move with your purchases."),
            new("两个账号合并", "已购课程无法自行在账号之间转移，但我们可以帮您合并账号。请回复两个账号的手机号或邮箱，并说明要保留哪一个。合并最多需要 2 个工作日，学习进度和证书会随课程一起转移。")),
        ("certificate",
            new("How to get and download your certificate", "A certificate is issued automatically within 24 hours once every lesson of a course is complete and the final quiz is passed. Open My Courses, choose the course and tap Certificate to download it as a PDF. If progress shows 100% but no certificate appears after 24 hours, check that the final quiz is passed."),
            new("结课证书怎么获取和下载", "课程全部学完并通过结课测验后，系统会在 24 小时内自动发放结课证书。打开“我的课程”，选择对应课程，点击“证书”即可下载 PDF 版本。如果进度显示 100% 但 24 小时后仍没有证书，请确认结课测验已经通过。")),
        ("certificate",
            new("Wrong name on a certificate", "The certificate shows the real name in your profile. Change it under Account > Profile > Real name, then open the certificate and tap Reissue; a new PDF with the corrected name is ready within a few minutes. The name on a certificate can be changed up to three times."),
            new("证书姓名错误", "证书使用的是个人资料中的真实姓名。请在“账号 > 个人资料 > 真实姓名”中修改，然后打开证书点击“重新开具”，几分钟内即可下载新的 PDF。每张证书最多可以修改三次姓名。")),
        ("course_content",
            new("Exercise files and source code", "Exercise files and source code are under the Resources tab of the course page on the web. Lessons that come with files show a paperclip icon. If the example code does not compile, check the versions listed in the README of the download; updated sources are published there when tools change."),
            new("课后练习文件和源码下载", "课程配套的练习文件和源码在网页版课程页面的“资料”标签下，有配套文件的章节会显示回形针图标。如果示例代码编译不通过，请查看下载包中 README 列出的版本要求，工具更新后我们会在那里发布新版源码。")),
        ("course_content",
            new("Reporting a mistake or asking when lessons come out", "Thank you for telling us. Use Report a problem under the lesson video so the instructor sees the lesson and the timestamp; corrections are usually published within two weeks. Courses still being recorded show their release plan on the course page, and you get a notification when a new lesson goes live."),
            new("反馈课程错误和更新时间", "感谢反馈！请在课程视频下方点击“反馈问题”，讲师可以直接看到讲次和时间点，勘误通常在两周内发布。仍在更新中的课程会在课程页展示更新计划，新的讲次上线时您会收到通知。")),
        ("invoice",
            new("Requesting an invoice", "Open My Orders, choose the order and tap Request invoice. Enter the company name and tax number exactly as registered; electronic invoices are emailed within 3 working days. A VAT special invoice also needs your company's bank and address details. Invoices can be requested up to 180 days after the purchase."),
            new("如何申请开发票", "在“我的订单”中选择对应订单，点击“申请发票”。请准确填写公司名称和税号，电子普通发票会在 3 个工作日内发送到您的邮箱。增值税专用发票还需要填写公司开户行和地址信息。发票需在购买后 180 天内申请。")),
        ("invoice",
            new("Receipts and correcting an invoice", "A receipt for every paid order can be downloaded at once from My Orders > Receipt, for example for an expense report. If an invoice shows the wrong company name or tax number, tap Reissue on the invoice and correct the details; the old invoice is cancelled and the new one is emailed within 3 working days."),
            new("收据和发票抬头重开", "每笔已支付订单都可以在“我的订单 > 收据”中直接下载收据用于报销。如果发票抬头或税号有误，请在发票页面点击“重开发票”并修改信息，原发票将作废，新发票会在 3 个工作日内发送到邮箱。")),
        ("membership_renewal",
            new("Membership renewal failed", "When a renewal charge fails we try again after 24 hours. Check that your card has not expired and has enough balance, or change the payment method under Membership > Payment. Access comes back as soon as a renewal succeeds, with no gap in your membership dates."),
            new("会员续费失败", "续费扣款失败后，系统会在 24 小时后再次尝试。请确认银行卡未过期且余额充足，或在“会员 > 支付方式”中更换支付方式。续费成功后会员权益会立即恢复，会员日期连续计算。")),
        ("membership_renewal",
            new("Turning off automatic renewal", "Go to Membership > Manage and switch off Automatic renewal; you keep access until the end of the period you paid for. If you were charged for a renewal you did not want and have not used the membership since, reply within 7 days of the charge and we will refund it."),
            new("怎么关闭自动续费", "进入“会员 > 管理”，关闭“自动续费”即可，已付费的会员期内仍可正常使用。如果被扣了不想要的续费且扣款后没有使用会员权益，请在扣款后 7 天内回复我们，我们会为您退款。")),
        ("coupon",
            new("Coupon code not accepted", "A coupon works only on the items and dates printed on it, and one coupon applies per order. Check the minimum spend and whether the course is already on sale: sale prices cannot be combined with coupons. Type the code without spaces. If everything matches and the coupon is still invalid, send us the code and the course title."),
            new("优惠券用不了", "优惠券只能用于券面标明的课程和有效期，每个订单只能使用一张。请检查是否满足最低消费，以及课程是否已在活动价中（活动价不能叠加优惠券）。输入券码时请不要带空格。如果条件都满足仍提示无效，请把券码和课程名称发给我们。")),
        ("coupon",
            new("Price difference after a sale or a missed discount", "If a coupon was not applied at checkout, or the course went on sale within 7 days after you bought it, we refund the difference to your original payment method. Reply with the order number; the difference arrives within 3–7 working days."),
            new("活动差价和优惠没有生效", "如果结算时优惠券没有生效，或者购买后 7 天内课程开始降价活动，我们会把差价原路退回。请回复订单号，差价将在 3–7 个工作日内到账。")),
    ];

    private static readonly (string Name, string Language, string Intents, string Body)[] Canned =
    [
        ("Greeting", "en", "", "Hi {{learner.name}},\n\nThanks for getting in touch. I am looking into this now and will get back to you shortly.\n\n{{agent.name}}"),
        ("Refund processed", "en", "refund_request billing", "Hi {{learner.name}},\n\nThe refund for order {{order.id}} (\"{{course.title}}\") has been processed. It returns to your original payment method within 3–7 working days.\n\nBest regards,\n{{agent.name}}"),
        ("Course unlocked", "en", "billing", "Hi {{learner.name}},\n\nI have unlocked \"{{course.title}}\" on your account (order {{order.id}}). Please sign out and back in to see it under My Courses.\n\n{{agent.name}}"),
        ("问候", "zh", "", "{{learner.name}}您好，\n\n感谢您的反馈，我正在为您核实，稍后回复您。\n\n客服 {{agent.name}}"),
        ("退款已处理", "zh", "refund_request billing", "{{learner.name}}您好，\n\n订单 {{order.id}}（《{{course.title}}》）的退款已处理，将在 3–7 个工作日内原路退回。\n\n客服 {{agent.name}}"),
        ("课程已开通", "zh", "billing", "{{learner.name}}您好，\n\n已为您的账号开通《{{course.title}}》（订单 {{order.id}}），请退出后重新登录，在“我的课程”中查看。\n\n客服 {{agent.name}}"),
    ];
}
