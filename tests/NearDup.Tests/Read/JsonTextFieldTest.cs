using System.Text;
using System.Text.Json;
using NearDup.Read;

namespace NearDup.Tests.Read;

public class JsonTextFieldTest
{
    // What Utf8JsonReader.GetString gives for the value of "t" in the line.
    private static string ReaderValue(byte[] line)
    {
        var reader = new Utf8JsonReader(line);
        reader.Read();
        reader.Read();
        reader.Read();
        return reader.GetString()!;
    }

    private static (bool Read, string? Text, int End) TryRead(string json)
    {
        byte[] line = Encoding.UTF8.GetBytes(json);
        int start = json.IndexOf("\"t\"", StringComparison.Ordinal) + 3;
        bool read = JsonTextField.TryRead(line, start, out string? text, out int end);
        return (read, text, end);
    }

    [Fact]
    public void TryRead_RandomTextsWithTheCommonEscapes_GivesWhatTheJsonReaderGives()
    {
        var random = new Random(17);
        string[] pieces = ["a", "Word", " ", "é", "中", "😀", "\n", "\"", "\\", "/", "\t", "\r", "\b", "\f"];
        for (int n = 0; n < 500; n++)
        {
            var text = new StringBuilder();
            int count = random.Next(0, 40);
            for (int k = 0; k < count; k++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            // System.Text.Json escapes as a writer would: the common escapes, and \u for what it chooses to.
            string encoded = JsonSerializer.Serialize(text.ToString(), new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            string json = "{\"t\" : " + encoded + ", \"x\": 1}";
            byte[] line = Encoding.UTF8.GetBytes(json);
            var (read, value, end) = TryRead(json);
            if (read)
            {
                Assert.Equal(ReaderValue(line), value);
                Assert.Equal(text.ToString(), value);
                Assert.Equal(json.IndexOf(", \"x\"", StringComparison.Ordinal), Encoding.UTF8.GetString(line, 0, end).Length);
            }
            else
            {
                Assert.Contains("\\u", encoded, StringComparison.Ordinal); // only \u escapes are left to the JSON reader
            }
        }
    }

    [Theory]
    [InlineData("{\"t\":\"caf\\u00e9\"}")] // \u: the JSON reader decodes it
    [InlineData("{\"t\":\"bad \\q escape\"}")]
    [InlineData("{\"t\":\"tab\tinside\"}")] // a raw control character
    [InlineData("{\"t\":\"unterminated \\n")]
    [InlineData("{\"t\":\"ends on a backslash\\")]
    [InlineData("{\"t\":5}")]
    [InlineData("{\"t\":null}")]
    public void TryRead_WhatItDoesNotRead_IsLeftToTheJsonReader(string json)
    {
        var (read, text, _) = TryRead(json);

        Assert.False(read);
        Assert.Null(text);
    }
}
