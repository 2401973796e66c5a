namespace Rempart.Web;

/// <summary>Marker for the web app's texts: <c>Resources/SharedResource.resx</c> (English) and its translations.</summary>
public sealed class SharedResource;
