using MudBlazor;

namespace OpsConsole.Web.Components.Layout;

/// <summary>The console's look: one palette per mode, Inter with CJK fall-backs, and the cookie that remembers the mode.</summary>
public static class ConsoleTheme
{
    /// <summary>Written by the browser when the user toggles the mode, read by the server so the first paint is already right.</summary>
    public const string CookieName = "OpsConsole.Theme";

    private static readonly string[] FontStack =
    [
        "Inter Variable", "Inter", "system-ui", "-apple-system", "Segoe UI", "Roboto",
        "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "sans-serif",
    ];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3d5afe",
            PrimaryContrastText = "#ffffff",
            Secondary = "#0f9d8a",
            Tertiary = "#8b5cf6",
            Info = "#0284c7",
            Success = "#16a34a",
            Warning = "#d97706",
            Error = "#dc2626",
            Dark = "#1f2937",
            Background = "#f4f6fb",
            BackgroundGray = "#eef1f7",
            Surface = "#ffffff",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2937",
            DrawerBackground = "#ffffff",
            DrawerText = "#374151",
            DrawerIcon = "#6b7280",
            TextPrimary = "#111827",
            TextSecondary = "#5b6474",
            TextDisabled = "#9ca3af",
            ActionDefault = "#5b6474",
            LinesDefault = "#e5e8ef",
            LinesInputs = "#cfd5e1",
            TableLines = "#eceff5",
            TableHover = "#f6f8fc",
            TableStriped = "#fafbfd",
            Divider = "#e5e8ef",
            DividerLight = "#f0f2f7",
            Skeleton = "#e9edf5",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            PrimaryContrastText = "#0b1020",
            Secondary = "#2dd4bf",
            Tertiary = "#a78bfa",
            Info = "#38bdf8",
            Success = "#4ade80",
            Warning = "#fbbf24",
            Error = "#f87171",
            Dark = "#0b0f19",
            Background = "#0d1220",
            BackgroundGray = "#121829",
            Surface = "#161d2f",
            AppbarBackground = "#121829",
            AppbarText = "#e5e9f2",
            DrawerBackground = "#121829",
            DrawerText = "#c7cede",
            DrawerIcon = "#94a0b8",
            TextPrimary = "#e8ebf3",
            TextSecondary = "#9aa5bb",
            TextDisabled = "#5d6880",
            ActionDefault = "#a5afc4",
            ActionDisabled = "#4b5569",
            LinesDefault = "#263048",
            LinesInputs = "#34405c",
            TableLines = "#222b40",
            TableHover = "#1b2338",
            TableStriped = "#182033",
            Divider = "#263048",
            DividerLight = "#1e2639",
            Skeleton = "#1f2840",
            OverlayDark = "rgba(5,8,16,0.7)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack, FontSize = ".875rem", LineHeight = "1.5", LetterSpacing = "normal" },
            H3 = new H3Typography { FontFamily = FontStack, FontSize = "2rem", FontWeight = "700", LineHeight = "1.2", LetterSpacing = "-.02em" },
            H4 = new H4Typography { FontFamily = FontStack, FontSize = "1.6rem", FontWeight = "700", LineHeight = "1.25", LetterSpacing = "-.015em" },
            H5 = new H5Typography { FontFamily = FontStack, FontSize = "1.25rem", FontWeight = "650", LineHeight = "1.3", LetterSpacing = "-.01em" },
            H6 = new H6Typography { FontFamily = FontStack, FontSize = "1.05rem", FontWeight = "650", LineHeight = "1.4", LetterSpacing = "-.005em" },
            // Inputs render in Subtitle1, so it stays at regular weight.
            Subtitle1 = new Subtitle1Typography { FontFamily = FontStack, FontSize = ".925rem", FontWeight = "400", LineHeight = "1.5" },
            Subtitle2 = new Subtitle2Typography { FontFamily = FontStack, FontSize = ".85rem", FontWeight = "600", LineHeight = "1.45" },
            Body1 = new Body1Typography { FontFamily = FontStack, FontSize = ".925rem", LineHeight = "1.55" },
            Body2 = new Body2Typography { FontFamily = FontStack, FontSize = ".85rem", LineHeight = "1.5" },
            Button = new ButtonTypography { FontFamily = FontStack, FontSize = ".85rem", FontWeight = "600", TextTransform = "none", LetterSpacing = ".01em" },
            Caption = new CaptionTypography { FontFamily = FontStack, FontSize = ".76rem", LineHeight = "1.45" },
            Overline = new OverlineTypography { FontFamily = FontStack, FontSize = ".7rem", FontWeight = "600", LetterSpacing = ".08em" },
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "10px",
            DrawerWidthLeft = "252px",
            AppbarHeight = "60px",
        },
    };

    /// <summary>Reads the remembered mode: true or false when the user chose one, null when the system preference decides.</summary>
    public static bool? ParseCookie(string? value) => value switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };
}
