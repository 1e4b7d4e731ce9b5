//! The index schema, read from `index-schema/schema.json` (the single source of truth), and the
//! handles of the fields the code uses.

use crate::{IndexError, Result};
use serde::Deserialize;
use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};

const SCHEMA_JSON: &str = include_str!("../../../index-schema/schema.json");

#[derive(Deserialize)]
struct SchemaFile {
    version: u32,
    fields: Vec<FieldSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldSpec {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    tokenizer: Option<String>,
    #[serde(default)]
    positions: bool,
    /// Term frequencies (for ranking); without them a term only says which pages hold it.
    #[serde(default = "yes")]
    freqs: bool,
    #[serde(default)]
    stored: bool,
    #[serde(default)]
    indexed: bool,
    #[serde(default)]
    fast: bool,
}

/// The version of the schema this build writes; an index with another one is rebuilt.
pub fn schema_version() -> Result<u32> {
    Ok(parse()?.version)
}

fn yes() -> bool {
    true
}

fn parse() -> Result<SchemaFile> {
    serde_json::from_str(SCHEMA_JSON).map_err(|e| IndexError::Schema(e.to_string()))
}

/// Builds the tantivy schema from the schema file.
pub fn build_schema() -> Result<Schema> {
    let mut builder = Schema::builder();
    for f in parse()?.fields {
        match f.kind.as_str() {
            "text" => {
                let mut opts = TextOptions::default();
                if f.indexed {
                    let record = match (f.positions, f.freqs) {
                        (true, _) => IndexRecordOption::WithFreqsAndPositions,
                        (false, true) => IndexRecordOption::WithFreqs,
                        (false, false) => IndexRecordOption::Basic,
                    };
                    let tokenizer = f.tokenizer.as_deref().unwrap_or("raw");
                    opts = opts.set_indexing_options(
                        TextFieldIndexing::default()
                            .set_tokenizer(tokenizer)
                            .set_index_option(record),
                    );
                }
                if f.stored {
                    opts = opts.set_stored();
                }
                if f.fast {
                    opts = opts.set_fast(f.tokenizer.as_deref().unwrap_or("raw"));
                }
                builder.add_text_field(&f.name, opts);
            }
            "u64" | "i64" => {
                let mut opts = NumericOptions::default();
                if f.indexed {
                    opts = opts.set_indexed();
                }
                if f.stored {
                    opts = opts.set_stored();
                }
                if f.fast {
                    opts = opts.set_fast();
                }
                if f.kind == "u64" {
                    builder.add_u64_field(&f.name, opts);
                } else {
                    builder.add_i64_field(&f.name, opts);
                }
            }
            "facet" => {
                let opts = if f.stored {
                    FacetOptions::default().set_stored()
                } else {
                    FacetOptions::default()
                };
                builder.add_facet_field(&f.name, opts);
            }
            other => {
                return Err(IndexError::Schema(format!(
                    "field {}: unknown type '{other}'",
                    f.name
                )))
            }
        }
    }
    Ok(builder.build())
}

/// Handles of every field, looked up by the names of the schema file.
#[derive(Clone, Copy)]
pub struct Fields {
    pub page_id: Field,
    pub document_id: Field,
    pub record_id: Field,
    pub page: Field,
    pub text_exact: Field,
    pub text: Field,
    pub parts: Field,
    pub title: Field,
    pub ids: Field,
    pub aktenzeichen: Field,
    pub plan: Field,
    pub year: Field,
    pub date: Field,
    pub office: Field,
    pub doc_type: Field,
    pub facets: Field,
    pub confidentiality: Field,
    pub access: Field,
    pub personal_data: Field,
    pub scope: Field,
    pub words: Field,
}

impl Fields {
    pub fn new(schema: &Schema) -> Result<Fields> {
        let f = |name: &str| {
            schema.get_field(name).map_err(|_| {
                IndexError::Schema(format!(
                    "the code needs field '{name}', the schema file lacks it"
                ))
            })
        };
        Ok(Fields {
            page_id: f("page_id")?,
            document_id: f("document_id")?,
            record_id: f("record_id")?,
            page: f("page")?,
            text_exact: f("text_exact")?,
            text: f("text")?,
            parts: f("parts")?,
            title: f("title")?,
            ids: f("ids")?,
            aktenzeichen: f("aktenzeichen")?,
            plan: f("plan")?,
            year: f("year")?,
            date: f("date")?,
            office: f("office")?,
            doc_type: f("doc_type")?,
            facets: f("facets")?,
            confidentiality: f("confidentiality")?,
            access: f("access")?,
            personal_data: f("personal_data")?,
            scope: f("scope")?,
            words: f("words")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_file_has_every_field_the_code_uses() {
        let schema = build_schema().expect("schema file parses");
        Fields::new(&schema).expect("all fields present");
        assert!(schema_version().expect("version") >= 1);
    }

    #[test]
    fn readme_documents_every_field() {
        let readme = include_str!("../../../index-schema/README.md");
        for (_, entry) in build_schema().expect("schema").fields() {
            assert!(
                readme.contains(&format!("`{}`", entry.name())),
                "README lacks field {}",
                entry.name()
            );
        }
    }
}
