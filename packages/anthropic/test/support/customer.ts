/** The customer record every end-to-end test returns: an email and a valid Aadhaar number,
 *  which must reach the model masked (core's email recognizer, `indiaPii()`'s Aadhaar). */
export const CUSTOMER = {
  id: 'c-42',
  name: 'Asha Rao',
  email: 'asha.rao@example.com',
  aadhaar: '2345 6789 0124',
};
