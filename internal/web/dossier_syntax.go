package web

import (
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/i18n"
)

// syntaxKeys names the i18n key (after "fhir.syntax.") of every message
// template of fhir.SyntaxError; TestSyntaxMessagesTranslated keeps it
// complete against the fhir package's source.
var syntaxKeys = map[string]string{
	"%q has %d entries but %q has %d":                    "underscore_count",
	"%q is given for an element that is not a primitive": "underscore_not_primitive",
	"'--' in comment":                                    "comment_dashes",
	"'<' in attribute value":                             "lt_in_attribute",
	"']]>' in text":                                      "cdata_end_in_text",
	"DTDs and declarations are not allowed":              "dtd",
	"XML declaration not at the start of the document":   "xml_decl_position",
	"control character %#02x in string":                  "control_character",
	"duplicate attribute %q":                             "duplicate_attribute",
	"duplicate property %q":                              "duplicate_property",
	"element <%s> is not in the FHIR namespace":          "not_fhir_namespace",
	"element <%s> must hold exactly one resource":        "one_resource",
	"empty namespace for prefix %q":                      "empty_namespace",
	"end tag </%s> does not match <%s>":                  "end_tag_mismatch",
	"input is neither FHIR JSON nor FHIR XML":            "neither",
	"invalid FHIR element name %q":                       "element_name",
	"invalid UTF-8":                                      "utf8",
	"invalid \\u escape":                                 "u_escape",
	"invalid character for XML":                          "xml_character",
	"invalid character reference &%s;":                   "char_reference",
	"invalid escape":                                     "escape",
	"invalid escape \\%c":                                "escape_char",
	"invalid number":                                     "number",
	"invalid property name %q":                           "property_name",
	"invalid qualified name %q":                          "qualified_name",
	"invalid reference":                                  "reference",
	"missing resourceType":                               "missing_resource_type",
	"nested arrays are not allowed in FHIR JSON":         "nested_arrays",
	"nesting deeper than %d levels":                      "too_deep",
	"the narrative div must be a string":                 "div_string",
	"the narrative div must be in the XHTML namespace":   "div_namespace",
	"the narrative must be an XHTML div element":         "div_element",
	"undeclared namespace prefix %q":                     "undeclared_prefix",
	"undefined entity &%s;":                              "undefined_entity",
	"unexpected %q, expected %s":                         "unexpected",
	"unexpected attribute %q":                            "unexpected_attribute",
	"unexpected attribute %q on a resource":              "unexpected_attribute_resource",
	"unexpected attribute %s:%s":                         "unexpected_attribute_prefixed",
	"unexpected content after the div":                   "after_div",
	"unexpected content after the root element":          "after_root",
	"unexpected data after the resource":                 "after_resource",
	"unexpected end of input, expected %s":               "end_of_input",
	"unexpected end of input, expected </%s>":            "end_of_input_tag",
	"unexpected resource <%s>":                           "unexpected_resource",
	"unexpected text in FHIR element <%s>":               "unexpected_text",
	"unsupported encoding; FHIR XML must be UTF-8":       "encoding",
	"unterminated CDATA section":                         "unterminated_cdata",
	"unterminated XML declaration":                       "unterminated_xml_decl",
	"unterminated attribute value":                       "unterminated_attribute",
	"unterminated comment":                               "unterminated_comment",
	"unterminated processing instruction":                "unterminated_pi",
	"unterminated string":                                "unterminated_string",
}

// syntaxExpected names the i18n key (after "fhir.expected.") of what a
// parser expected where it found something else.
var syntaxExpected = map[string]string{
	"',' or ']'":              "comma_bracket",
	"',' or '}'":              "comma_brace",
	"':'":                     "colon",
	"'='":                     "equals",
	"'>'":                     "gt",
	"'{'":                     "brace",
	"<div>":                   "div",
	"a name":                  "name",
	"a property name":         "property_name",
	"a quoted value":          "quoted_value",
	"a value":                 "value",
	"an object or null":       "object_or_null",
	"the root element":        "root_element",
	"whitespace or '?>'":      "ws_pi_end",
	"whitespace, '>' or '/>'": "ws_tag_end",
}

// syntaxText is the message of a FHIR syntax error in lang, falling back
// to the English message for a template without translation.
func syntaxText(lang string, se *fhir.SyntaxError) string {
	key, ok := syntaxKeys[se.Template]
	if !ok || !i18n.Has(lang, "fhir.syntax."+key) {
		return se.Msg
	}
	args := make([]any, len(se.Args))
	for i, a := range se.Args {
		args[i] = a
		if s, ok := a.(string); ok {
			if k, ok := syntaxExpected[s]; ok && i18n.Has(lang, "fhir.expected."+k) {
				args[i] = i18n.T(lang, "fhir.expected."+k)
			}
		}
	}
	return i18n.T(lang, "fhir.syntax."+key, args...)
}
