/** Label and field selectors: parsing, matching and the field labels each kind supports. */
package keelson.api.selectors;
