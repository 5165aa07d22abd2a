using NearDup.Read;

namespace NearDup.Tests.Read;

public class ReaderOptionsTest
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var options = new ReaderOptions();

        Assert.Equal("id", options.IdField);
        Assert.Equal("text", options.TextField);
        Assert.Equal("url", options.UrlField);
        Assert.Equal("source", options.SourceField);
        Assert.Equal("date", options.DateField);
        Assert.Null(options.HtmlField);
        Assert.Equal([".txt", ".md"], options.Extensions);
        Assert.Equal(128L * 1024 * 1024, options.MaxDocumentBytes);
        Assert.Equal(Environment.ProcessorCount, options.Parallelism);
    }

    [Fact]
    public void Validate_BadValues_NameTheProperty()
    {
        Assert.Equal("TextField", Assert.Throws<ArgumentOutOfRangeException>(() => new ReaderOptions { TextField = "" }.Validate()).ParamName);
        Assert.Equal("MaxDocumentBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new ReaderOptions { MaxDocumentBytes = 0 }.Validate()).ParamName);
        Assert.Equal("Parallelism", Assert.Throws<ArgumentOutOfRangeException>(() => new ReaderOptions { Parallelism = 0 }.Validate()).ParamName);
    }
}
