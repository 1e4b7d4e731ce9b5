//! The archival outputs: ALTO per page and the PDF/A-2b of a whole document.

use crate::ingest::IngestError;
use aktenscan_model::{OcrFacts, PageText, TextSource};
use aktenscan_pages::{tiff, Image, ImageEncoding};
use aktenscan_pdfa::{DocumentInfo, PageImage, PdfPage, PixelKind};
use aktenscan_store::{Library, PageRow, StoreError, StoredFile};

/// ALTO XML for one page, naming the stored image it describes.
pub fn alto_for(
    image_path: &str,
    text: &PageText,
    facts: &OcrFacts,
) -> Result<Vec<u8>, IngestError> {
    let ocr = match &facts.source {
        TextSource::Ocr { model } => Some(aktenscan_alto::OcrEngine {
            version: aktenscan_ocr::tesseract_version(),
            model: model.clone(),
        }),
        _ => None,
    };
    let meta = aktenscan_alto::AltoMeta {
        image_file: image_path.to_string(),
        page_number: 1,
        aktenscan_version: crate::VERSION.to_string(),
        ocr,
        processed_at: time::OffsetDateTime::now_utc(),
        orientation: facts.orientation,
        skew_degrees: facts.skew_degrees,
    };
    aktenscan_alto::write_alto(text, &meta).map_err(|e| {
        IngestError::Store(StoreError::Io {
            path: image_path.into(),
            source: std::io::Error::other(format!("ALTO could not be written: {e}")),
        })
    })
}

/// The stored page image as the PDF's image: JPEG, CCITT G4 and zlib data (PNG, Deflate TIFF)
/// passed through as stored, anything else decoded and compressed losslessly. The encoding is
/// told from the file's bytes, not its name.
fn pdf_image(bytes: Vec<u8>) -> Result<PageImage, String> {
    let encoding = ImageEncoding::sniff(&bytes);
    if encoding == Some(ImageEncoding::Jpeg) {
        if let Ok(
            img @ PageImage::Jpeg {
                components: 1 | 3, ..
            },
        ) = PageImage::jpeg(bytes.clone())
        {
            return Ok(img);
        }
    }
    if encoding == Some(ImageEncoding::Tiff) {
        if let Ok(pages) = tiff::pages(&bytes) {
            if let Some((data, black_is_1)) = pages.first().and_then(|p| p.g4_data(&bytes)) {
                return Ok(PageImage::CcittG4 {
                    data: data.to_vec(),
                    width: pages[0].width,
                    height: pages[0].height,
                    black_is_1,
                });
            }
            // A JPEG-compressed scan stays JPEG: decoding and deflating it took a tenth of the
            // ingest's time and made the PDF page several times larger than the scan.
            if let Some(jpeg) = pages.first().and_then(|p| p.jpeg_data(&bytes)) {
                if let Ok(img @ PageImage::Jpeg { .. }) = PageImage::jpeg(jpeg) {
                    return Ok(img);
                }
            }
            // Deflate rows (a PDF's plain Flate image, stored as it came) stay as they are.
            if let Some(page) = pages.first() {
                if let Some(zlib) = page.deflate_data(&bytes) {
                    return Ok(PageImage::Flate {
                        data: zlib.to_vec(),
                        width: page.width,
                        height: page.height,
                        kind: flate_kind(page.samples_per_pixel == 3),
                        png_predictors: false,
                    });
                }
            }
        }
    }
    // A PNG's image data is Flate with PNG predictors, which PDF reads as it is.
    if encoding == Some(ImageEncoding::Png) {
        if let Some((zlib, width, height, samples)) = aktenscan_pages::png::idat_data(&bytes) {
            return Ok(PageImage::Flate {
                data: zlib,
                width,
                height,
                kind: flate_kind(samples == 3),
                png_predictors: true,
            });
        }
    }
    let image = Image::decode(&bytes).map_err(|e| e.to_string())?;
    let (kind, pixels) = image.to_pdf_pixels().map_err(|e| e.to_string())?;
    Ok(PageImage::Raw {
        pixels,
        width: image.width(),
        height: image.height(),
        kind,
    })
}

fn flate_kind(rgb: bool) -> PixelKind {
    if rgb {
        PixelKind::Rgb8
    } else {
        PixelKind::Gray8
    }
}

/// Writes the document's PDF/A-2b from its stored pages and marks the document complete.
pub fn build_pdfa(lib: &mut Library, document_id: &str, font: &[u8]) -> Result<(), IngestError> {
    let doc = lib.document(document_id)?;
    let pages = lib.pages(document_id)?;
    let pdf = write_pdf(lib, &doc.record_id, &doc.title, &pages, font)?;
    lib.complete_document(document_id, &pdf)?;
    Ok(())
}

/// Writes a PDF/A-2b of these stored pages, in this order, each turned by its
/// [`PageRow::display_orientation`], into content-addressed storage. The words are taken from
/// the store (boxes in pixels of the stored image, which the writer turns with the page), so
/// nothing is recognised again.
pub fn write_pdf(
    lib: &Library,
    record_id: &str,
    title: &str,
    pages: &[PageRow],
    font: &[u8],
) -> Result<StoredFile, IngestError> {
    let record = lib.record(record_id)?;
    let info = DocumentInfo {
        title: format!("{} – {}", record.title, title),
        subject: record.aktenzeichen.clone(),
        author: record.office.clone(),
        keywords: record.aktenzeichen.iter().cloned().collect(),
        created: time::OffsetDateTime::now_utc(),
        producer: format!("Aktenscan {}", crate::VERSION),
    };
    let tmp = lib.temp_path("pdf");
    aktenscan_pdfa::write_pdfa(&tmp, info, font, |writer| -> Result<(), IngestError> {
        for page in pages {
            let bytes = lib.read_file(&page.image_file)?;
            let image = pdf_image(bytes).map_err(|e| {
                IngestError::Store(StoreError::Io {
                    path: lib.path_of(&page.image_file),
                    source: std::io::Error::other(e),
                })
            })?;
            let text = lib.page_text(&page.document_id, page.page_no)?;
            writer.add_page(&PdfPage {
                image: &image,
                dpi_x: page.dpi_x as f32,
                dpi_y: page.dpi_y as f32,
                orientation: page.display_orientation(),
                text: Some(&text),
            })?;
        }
        Ok(())
    })?;
    Ok(lib.adopt_file(&tmp, "pdf")?)
}
