namespace OpsConsole.Web.Resources;

/// <summary>Texts of the recommendation pages: model registry, online quality, preview, and the profile's recommendations card.</summary>
public sealed class RecommendationText;
