namespace NearDup.Extract;

internal enum BlockKind
{
    Text,
    Paragraph,
    Heading,
    ListItem,
    Quote,
    Preformatted,
    Cell,
    Caption,
}
