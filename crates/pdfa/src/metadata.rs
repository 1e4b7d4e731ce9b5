//! Document metadata as an XMP packet with the PDF/A identification, and the matching
//! document information dictionary.

use pdf_writer::writers::DocumentInfo as DocumentInfoWriter;
use pdf_writer::{Chunk, Date, Ref, TextStr};
use time::{OffsetDateTime, UtcOffset};
use xmp_writer::{DateTime, LangId, Timezone, XmpWriter};

use crate::DocumentInfo;

/// The metadata values exactly as written to both places, so that they match.
pub(crate) struct Metadata {
    title: String,
    subject: Option<String>,
    author: Option<String>,
    keywords: Option<String>,
    producer: String,
    date: OffsetDateTime,
}

impl Metadata {
    pub(crate) fn new(info: DocumentInfo) -> Metadata {
        let keywords = info
            .keywords
            .iter()
            .map(|k| clean(k))
            .filter(|k| !k.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        Metadata {
            title: clean(&info.title),
            subject: info.subject.as_deref().map(clean),
            author: info.author.as_deref().map(clean),
            keywords: (!keywords.is_empty()).then_some(keywords),
            producer: clean(&info.producer),
            date: info.created.to_offset(UtcOffset::UTC),
        }
    }

    /// The XMP packet for the catalog's metadata stream.
    pub(crate) fn xmp(&self) -> String {
        let date = DateTime::new(
            u16::try_from(self.date.year()).unwrap_or(0),
            self.date.month().into(),
            self.date.day(),
            self.date.hour(),
            self.date.minute(),
            self.date.second(),
            Timezone::Utc,
        );
        let mut xmp = XmpWriter::new();
        xmp.format("application/pdf")
            .title([(Some(LangId("x-default")), self.title.as_str())]);
        if let Some(author) = &self.author {
            xmp.creator([author.as_str()]);
        }
        if let Some(subject) = &self.subject {
            xmp.description([(Some(LangId("x-default")), subject.as_str())]);
        }
        if let Some(keywords) = &self.keywords {
            xmp.pdf_keywords(keywords);
        }
        xmp.producer(&self.producer)
            .creator_tool(&self.producer)
            .create_date(date)
            .modify_date(date)
            .metadata_date(date)
            .pdfa_part(2)
            .pdfa_conformance("B");
        xmp.finish(None)
    }

    /// Writes the document information dictionary `id`.
    pub(crate) fn write_info(&self, chunk: &mut Chunk, id: Ref) {
        let date = Date::new(u16::try_from(self.date.year()).unwrap_or(0))
            .month(self.date.month().into())
            .day(self.date.day())
            .hour(self.date.hour())
            .minute(self.date.minute())
            .second(self.date.second())
            .utc_offset_hour(0)
            .utc_offset_minute(0);
        let mut info: DocumentInfoWriter = chunk.indirect(id).start();
        info.title(TextStr(&self.title));
        if let Some(author) = &self.author {
            info.author(TextStr(author));
        }
        if let Some(subject) = &self.subject {
            info.subject(TextStr(subject));
        }
        if let Some(keywords) = &self.keywords {
            info.keywords(TextStr(keywords));
        }
        info.creator(TextStr(&self.producer))
            .producer(TextStr(&self.producer))
            .creation_date(date)
            .modified_date(date);
    }
}

/// Replaces characters XML cannot hold (controls) with spaces.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_carries_pdfa_identification_and_escaped_values() {
        let meta = Metadata::new(DocumentInfo {
            title: "Akte <1> & \"Bauamt\"\u{1}".into(),
            subject: None,
            author: Some("Stadt Musterhausen".into()),
            keywords: vec!["Bau".into(), "".into(), "Antrag".into()],
            created: time::macros::datetime!(2024-03-05 10:20:30 +01:00),
            producer: "Aktenscan".into(),
        });
        let xmp = meta.xmp();
        for needle in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>B</pdfaid:conformance>",
            "Akte &lt;1&gt; &amp; &quot;Bauamt&quot; <",
            "<pdf:Keywords>Bau, Antrag</pdf:Keywords>",
            "<xmp:CreateDate>2024-03-05T09:20:30Z</xmp:CreateDate>",
            "<xmp:CreatorTool>Aktenscan</xmp:CreatorTool>",
        ] {
            assert!(xmp.contains(needle), "{needle} missing in {xmp}");
        }
    }
}
