using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace NearDup.Tests.Read;

/// <summary>Builds WARC files in tests: records as bytes, gzipped one member per record as crawlers write them.</summary>
internal static class WarcFiles
{
    public static string Page(string title, string topic, string? charsetMeta = null) =>
        "<!doctype html><html><head>" + (charsetMeta is null ? "" : $"<meta charset=\"{charsetMeta}\">")
        + $"<title>{title}</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>{title}</h1>"
        + $"<p>The council met on Tuesday to discuss {topic} and agreed on a plan that members had debated for many months before the vote.</p>"
        + $"<p>Officials said the decision on {topic} would take effect next spring, after a consultation with residents and local businesses.</p>"
        + $"<p>Critics argued that the plan for {topic} did not go far enough, while supporters called it a careful compromise for the town.</p>"
        + "</article><footer>Copyright Example News</footer></body></html>";

    public static byte[] Response(string uri, string html, string contentType = "text/html; charset=utf-8", int status = 200) =>
        Response(uri, Encoding.UTF8.GetBytes(html), contentType, status);

    public static byte[] Response(string uri, byte[] body, string contentType = "text/html; charset=utf-8", int status = 200, int? contentLength = null)
    {
        byte[] head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n");
        return Record("response", uri, "application/http; msgtype=response", [.. head, .. body], contentLength);
    }

    public static byte[] Record(string type, string? uri, string contentType, byte[] block, int? contentLength = null)
    {
        var header = new StringBuilder();
        header.Append("WARC/1.0\r\n");
        header.Append("WARC-Type: ").Append(type).Append("\r\n");
        if (uri is not null)
        {
            header.Append("WARC-Target-URI: ").Append(uri).Append("\r\n");
        }

        header.Append("WARC-Date: 2024-05-01T12:00:00Z\r\n");
        header.Append("WARC-Record-ID: <urn:uuid:").Append(Guid.NewGuid()).Append(">\r\n");
        header.Append("Content-Type: ").Append(contentType).Append("\r\n");
        header.Append("Content-Length: ").Append((contentLength ?? block.Length).ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(header.ToString()), .. block, .. "\r\n\r\n"u8];
    }

    public static byte[] Plain(params byte[][] records) => [.. records.SelectMany(r => r)];

    /// <summary>One gzip member per record.</summary>
    public static byte[] Gzip(params byte[][] records)
    {
        using var output = new MemoryStream();
        foreach (byte[] record in records)
        {
            using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
            gzip.Write(record);
        }

        return output.ToArray();
    }
}
